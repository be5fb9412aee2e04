// Attachments: photos and files sent with a request (portal, up to 9) or a unit's reply. Stored
// in the database so every process serves them; JSON with base64 content keeps one body format.
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { AppError, notFound } from '../../app/errors.ts';
import { NumericId } from '../schemas/common.ts';
import { reachesCentre, scopeOf, sqlOrdersInScope } from '../../policy/scopes.ts';
import { attachmentById, attachmentInScope, insertAttachment } from '../../store/attachments.ts';
import { bi } from '../../domain/fields.ts';
import { requireAbility, type App } from '../server.ts';
import { LIMITS } from '../../app/throttle.ts';

const MAX_BYTES = 8 * 1024 * 1024;
const IMAGE = /^image\/(jpeg|png|gif|webp|heic)$/;

const Upload = z.strictObject({
  name: z.string().trim().min(1).max(200),
  contentType: z.string().trim().regex(/^[\w.+-]+\/[\w.+-]+$/, bi('文件类型格式不正确', 'Invalid content type')),
  dataBase64: z.string().min(1, bi('文件内容为空', 'The file is empty')).regex(/^[A-Za-z0-9+/=\s]+$/, bi('文件内容须为 base64', 'The content must be base64')),
});

export function attachmentRoutes(api: App, app: AppContext) {
  const save = async (b: z.output<typeof Upload>, userId: number | null) => {
    const data = Buffer.from(b.dataBase64, 'base64');
    if (data.length > MAX_BYTES) throw new AppError(413, 'too_large', '单个文件不能超过 8 MB', 'A file may be 8 MB at most');
    const id = await insertAttachment(app.db, { name: b.name, contentType: b.contentType, data, uploadedBy: userId, createdAt: app.clock.now() });
    return { id, name: b.name, contentType: b.contentType, size: data.length };
  };
  api.post('/api/attachments', { schema: { tags: ['attachments'], summary: '上传附件 Upload a file', body: Upload } }, async (req, reply) => {
    const user = requireAbility(req, 'attachment.upload');
    reply.status(201);
    return save(req.body, user.id);
  });
  api.post('/api/public/attachments', {
    schema: { tags: ['public'], summary: '上传照片 Upload a photo (portal)', body: Upload, security: [] },
    config: { throttle: LIMITS.uploadsPerAddress },
  }, async (req, reply) => {
    if (!IMAGE.test(req.body.contentType)) {
      throw new AppError(415, 'not_an_image', '只能上传照片（JPEG、PNG、GIF、WebP、HEIC）', 'Only photos may be uploaded (JPEG, PNG, GIF, WebP, HEIC)');
    }
    reply.status(201);
    return save(req.body, null);
  });
  api.get('/api/attachments/:id', { schema: { tags: ['attachments'], summary: '下载附件 Download a file', params: NumericId } }, async (req, reply) => {
    const user = requireAbility(req, 'attachment.read');
    const a = await attachmentById(app.db, req.params.id);
    if (!a) throw notFound('附件', 'attachment');
    if (a.uploadedBy !== user.id && !reachesCentre(user) && !(await attachmentInScope(app.db, req.params.id, sqlOrdersInScope(scopeOf(user))))) {
      // A unit user downloads only attachments of orders they may see.
      throw notFound('附件', 'attachment');
    }
    reply.header('content-type', a.contentType);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.name)}`);
    return reply.send(Buffer.from(a.data));
  });
}
