import { registerSubscribers } from '@/lib/subscribers';

// Tests that write records in their own process (not through the app) announce events like the app does.
registerSubscribers();
