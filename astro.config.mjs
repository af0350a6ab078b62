// @ts-check
import { existsSync } from 'node:fs';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import starlightLinksValidator from 'starlight-links-validator';
import starlightLlmsTxt from 'starlight-llms-txt';

// The site is served by the playground server (`npm start`, port 4321) or any static host.
// `site` only feeds canonical URLs, social meta, the sitemap and llms.txt; set SITE_URL when
// deploying somewhere else.
const site = process.env.SITE_URL ?? 'http://127.0.0.1:4321';

// Pages built alongside the guide (the live playground, the benchmark's cost page) are listed
// only once they exist, so the sidebar never links to a page that is not there.
/** @param {string} label @param {string} slug */
const ifPage = (label, slug) =>
	existsSync(new URL(`./site/content/docs/${slug}.mdx`, import.meta.url)) ? [{ label, slug }] : [];
const playground = ifPage('Live playground', 'playground');

// In the order a reader meets them (examples/approaches.mjs). No label: each entry shows its
// page's title, so the page's frontmatter is the one place that names it.
import { APPROACH_SLUGS, WS_APPROACH_SLUGS } from './examples/approaches.mjs';
// The recommended setup's steps into a reader's app have a page of their own, right after it.
const approaches = APPROACH_SLUGS.flatMap((slug) => [`approaches/${slug}`, ...(slug === 'recommended' ? ['approaches/recommended/add-to-your-app'] : [])])
	.filter((slug) => existsSync(new URL(`./site/content/docs/${slug}.mdx`, import.meta.url)))
	.map((slug) => ({ slug }));
// The same chat on @nestjs/platform-ws (plain WebSocket), in the same order.
const wsApproaches = WS_APPROACH_SLUGS.map((slug) => `approaches/${slug}`)
	.filter((slug) => existsSync(new URL(`./site/content/docs/${slug}.mdx`, import.meta.url)))
	.map((slug) => ({ slug }));

export default defineConfig({
	site,
	srcDir: './site',
	publicDir: './site/public',
	// SITE_OUT_DIR lets a second build (and its tests) run beside the usual dist/ without racing it.
	outDir: process.env.SITE_OUT_DIR ?? './dist',
	vite: {
		// Astro needs cookie@2 (nested under node_modules/astro); the examples' express hoists
		// cookie@0.7 to the root. Bundling it makes Vite resolve it from Astro's own files.
		ssr: { noExternal: ['cookie'] },
		environments: { prerender: { resolve: { noExternal: ['cookie'] } } },
	},
	integrations: [
		starlight({
			title: 'WebSocket auth in NestJS',
			description:
				'Every way to authenticate socket.io connections in NestJS, side by side: what each one lets through, shown by runnable examples and checked by tests.',
			favicon: '/favicon.svg',
			logo: { src: './site/assets/logo.svg', alt: '' },
			customCss: ['./site/styles/custom.css'],
			// Expressive Code's options are in ec.config.mjs: the <Code> component reads them there.
			head: [
				{ tag: 'meta', attrs: { property: 'og:image', content: new URL('/og.png', site).href } },
				{ tag: 'meta', attrs: { property: 'og:image:alt', content: 'WebSocket auth in NestJS: the five approaches compared' } },
				{ tag: 'meta', attrs: { name: 'twitter:card', content: 'summary_large_image' } },
				{ tag: 'meta', attrs: { name: 'theme-color', content: '#e0234e' } },
			],
			sidebar: [
				{ label: 'Start here', slug: 'index' },
				...playground,
				{
					label: 'Approaches',
					items: approaches,
				},
				...(wsApproaches.length ? [{ label: 'Plain WebSocket (platform-ws)', items: wsApproaches }] : []),
				{
					label: 'Side by side',
					items: [
						{ label: 'Comparison', slug: 'comparison' },
						{ label: 'The code side by side', slug: 'code-side-by-side' },
						...ifPage('What it costs', 'cost'),
					],
				},
				{ label: 'Guides', items: [{ autogenerate: { directory: 'guides' } }] },
			],
			// The build fails on a broken internal link or #anchor in the content. Excluded: the paths
			// playground-server answers beside the site (/api/ for tokens and health, /live/ for each
			// example's socket.io endpoint), which no static build contains.
			plugins: [
				starlightLinksValidator({ exclude: ['/api/**', '/live/**'] }),
				starlightLlmsTxt({ projectName: 'WebSocket auth in NestJS' }),
			],
		}),
	],
});
