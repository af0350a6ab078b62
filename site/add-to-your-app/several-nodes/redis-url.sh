# The Redis every instance of the app shares (unset: redis://127.0.0.1:6379).
# In production: rediss://user:password@host:6380, on a private network.
export REDIS_URL=redis://127.0.0.1:6379
