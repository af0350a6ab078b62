# Your identity provider's key set and issuer: its discovery document
# (<issuer>/.well-known/openid-configuration) lists both, as jwks_uri and issuer.
export JWT_JWKS_URL=https://your-tenant.example.com/.well-known/jwks.json
export JWT_ISSUER=https://your-tenant.example.com/
# The audience its access tokens carry for this API (Auth0: the API identifier; Entra ID: the
# Application ID URI; Keycloak: the client an audience mapper adds). Cognito's access tokens
# have none (they carry client_id): leave it unset there.
export JWT_AUDIENCE=https://chat.example.com
