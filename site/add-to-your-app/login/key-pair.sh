# The public key (PEM, "-----BEGIN PUBLIC KEY-----") of the key pair your login signs with.
export JWT_PUBLIC_KEY="$(cat path/to/your-login-public-key.pem)"
# RS256 unless you say otherwise: the algorithm your login signs with (ES256, RS384, PS256, EdDSA...).
# export JWT_ALGORITHM=ES256
