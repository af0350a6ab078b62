import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy, type JwtFromRequestFunction } from 'passport-jwt';
import { type AuthUser, UserLookup } from './user-lookup.js';

// #region handshake-extractor
/**
 * Where a socket.io client puts its token: `io(url, { auth: { token } })` arrives as
 * `handshake.auth.token`. WsPassportGuard hands Passport the handshake as its "request"; on an
 * HTTP request there is no `auth`, so this finds nothing and the header extractor decides.
 */
const fromHandshakeAuth: JwtFromRequestFunction<{ auth?: { token?: unknown } }> = (request) => {
	const token = request.auth?.token;
	return typeof token === 'string' ? token : null;
};
// #endregion handshake-extractor

// #region strategy
/**
 * The Passport JWT strategy of the NestJS authentication recipe, as your app may already have it
 * for HTTP routes, with one extractor added for sockets.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
	constructor(private readonly users: UserLookup) {
		super({
			// The handshake's headers are HTTP headers: a client that sends `Authorization: Bearer`
			// (Node's client with `extraHeaders`) is found by the first extractor.
			jwtFromRequest: ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), fromHandshakeAuth]),
			// The settings WsAuthModule reads for a shared secret (ws-auth.config.ts); the demo sets all three.
			secretOrKey: requiredEnv('JWT_SECRET'),
			// Top-level, not in jsonWebTokenOptions: passport-jwt 4 overwrites these three there
			// with the top-level values, even when those are undefined.
			algorithms: ['HS256'],
			issuer: requiredEnv('JWT_ISSUER'),
			audience: requiredEnv('JWT_AUDIENCE'),
		});
	}

	/** Runs once the signature and claims are checked. Returning false refuses the token. */
	async validate(payload: { sub?: unknown; exp?: unknown }): Promise<AuthUser | false> {
		// jsonwebtoken accepts tokens without `exp`; a socket can live for days, so we do not.
		if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return false;
		return (await this.users.findById(payload.sub)) ?? false;
	}
}
// #endregion strategy

function requiredEnv(name: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set`);
	return value;
}
