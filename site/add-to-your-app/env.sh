# The secret your login signs tokens with: 32 random bytes or more, from your secret store.
# To try it out, a fresh one:
export JWT_SECRET="$(node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))")"
# What your login puts in `iss` and `aud`: only tokens issued for this app are accepted.
export JWT_ISSUER=https://auth.example.com
export JWT_AUDIENCE=chat-api
