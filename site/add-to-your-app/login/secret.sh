# The secret your login signs its tokens with (the `secret` of its JwtModule, often JWT_SECRET
# already), from where your app keeps secrets. HS256; set JWT_ALGORITHM=HS384 or HS512 otherwise.
export JWT_SECRET='the secret your login signs tokens with'
