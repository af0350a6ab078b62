import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { UsersModule } from '../users/users.module.js';
import { AuthService } from './auth.service.js';

@Module({
	imports: [
		UsersModule,
		JwtModule.registerAsync({
			inject: [APP_CONFIG],
			useFactory: (config: AppConfig) => ({
				secret: config.jwtSecret,
				// Pin the algorithm: never let the token's own header choose how it is checked.
				verifyOptions: {
					algorithms: ['HS256'],
					issuer: config.jwtIssuer,
					audience: config.jwtAudience,
				},
			}),
		}),
	],
	providers: [AuthService],
	exports: [AuthService],
})
export class AuthModule {}
