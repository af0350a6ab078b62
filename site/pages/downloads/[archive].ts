import type { APIRoute, GetStaticPaths } from 'astro';
import { FOLDER_DOWNLOADS, folderDownload, folderZip } from '../../lib/folder-download';

/** `/downloads/<example>-ws-auth.zip`: a copyable page's folder, built from the example's files. */
export const getStaticPaths = (() =>
	Object.keys(FOLDER_DOWNLOADS).map((example) => ({
		params: { archive: folderDownload(example).slice('/downloads/'.length) },
		props: { example },
	}))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
	new Response(Buffer.from(folderZip((props as { example: string }).example)), { headers: { 'content-type': 'application/zip' } });
