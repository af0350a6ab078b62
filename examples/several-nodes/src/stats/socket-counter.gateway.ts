import { WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { SERVER_OPTIONS } from '../config/server-options.js';

export interface SocketStats {
	/** engine.io handshakes the server answered, accepted or refused (retrying clients add up). */
	handshakes: number;
	/** engine.io connections open right now, authenticated or not. */
	engineClients: number;
	/** socket.io sockets connected per namespace. */
	sockets: Record<string, number>;
}

/** Has no handlers: it only holds the root server so that the stats endpoint can count. */
@WebSocketGateway(SERVER_OPTIONS)
export class SocketCounterGateway implements OnGatewayInit {
	private server?: Server;
	private handshakes = 0;

	afterInit(server: Server) {
		this.server = server;
		server.engine.on('connection', () => this.handshakes++);
		// Refused handshakes only: requests that carry a session id belong to a session that
		// exists or has just been closed (a client's last poll after a disconnect, say).
		server.engine.on('connection_error', ({ req }: { req: { url?: string } }) => {
			if (!new URLSearchParams(req.url?.split('?')[1]).has('sid')) this.handshakes++;
		});
	}

	snapshot(): SocketStats {
		const sockets: Record<string, number> = {};
		for (const name of ['/', '/admin']) sockets[name] = this.server?.of(name).sockets.size ?? 0;
		return { handshakes: this.handshakes, engineClients: this.server?.engine.clientsCount ?? 0, sockets };
	}
}
