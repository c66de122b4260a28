export function created(body: unknown): Response {
  return Response.json(body, { status: 201 });
}
