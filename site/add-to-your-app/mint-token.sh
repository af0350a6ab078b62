# A token for alice, valid for 15 minutes, signed the way WsAuthModule checks it.
node -e "
const { JwtService } = require('@nestjs/jwt');
const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE } = process.env;
const jwt = new JwtService({ secret: JWT_SECRET });
console.log(jwt.sign({ sub: 'alice' }, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, expiresIn: '15m' }));
"
