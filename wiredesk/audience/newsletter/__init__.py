"""The newsletter: double opt-in subscriptions, daily digests, sending and bounces."""
