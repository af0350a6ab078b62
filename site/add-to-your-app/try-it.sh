# To try it before you connect your login: a fresh demo secret, an issuer and an audience, which
# the token below is signed with. Replace them with your login's settings (above) afterwards.
export JWT_SECRET="$(node -e "console.log(require('node:crypto').randomBytes(32).toString('base64'))")"
export JWT_ISSUER=https://auth.example.com
export JWT_AUDIENCE=chat-api
