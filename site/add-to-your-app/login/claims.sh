# Only if your tokens carry them (see "Issuer and audience" below): only tokens your login issued,
# for this app, are accepted.
# export JWT_ISSUER=https://auth.example.com
# export JWT_AUDIENCE=chat-api
# Only if your tokens name the user in another claim than `sub` (the NestJS docs' recipe also
# signs `username`), or as a number (`"sub": 42`):
# export JWT_USER_ID_CLAIM=username
# export JWT_USER_ID_TYPE=number
