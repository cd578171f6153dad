import { z } from 'zod';

// What the notary's two route files share: path parameters (file answers: http/file-answers.ts).

export const Id = z.object({ id: z.uuid() });
