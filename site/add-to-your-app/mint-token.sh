# A token for alice, valid for 15 minutes, signed with the demo secret above.
node --input-type=module -e "
import { SignJWT } from 'jose';
const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE } = process.env;
console.log(await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256' })
  .setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setExpirationTime('15m')
  .sign(new TextEncoder().encode(JWT_SECRET)));
"
