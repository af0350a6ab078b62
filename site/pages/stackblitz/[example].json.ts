import type { APIRoute, GetStaticPaths } from 'astro';
import { ALL_APPROACHES } from '../../lib/approaches';
import { stackBlitzProject } from '../../lib/stackblitz-project';

/**
 * `/stackblitz/<example>.json`: an approach's StackBlitz project (every file of its example folder),
 * which its "Open in StackBlitz" button fetches on click. In the page it was most of the HTML
 * (220 KB of the recommended page's 356 KB), sent to every reader before the first paint.
 */
export const getStaticPaths = (() =>
	ALL_APPROACHES.map(({ slug, title, insecure }) => ({
		params: { example: slug },
		props: { slug, title: insecure ? `${title} (insecure on purpose)` : title },
	}))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
	const { slug, title } = props as { slug: string; title: string };
	return new Response(JSON.stringify(stackBlitzProject(slug, title)), { headers: { 'content-type': 'application/json' } });
};
