/** What the rest of the app knows about an authenticated client. */
export interface User {
	id: string;
	name: string;
	roles: string[];
}
