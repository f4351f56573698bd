import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorBody, formatProblemPath, problemsFromZod } from './http-error';
import { InputError, NotFoundError } from './strata-error';

describe('problemsFromZod', () => {
  it('writes paths with dots for keys and brackets for indexes', () => {
    const schema = z.object({ spec: z.object({ workers: z.array(z.object({ replicas: z.number().min(0) })) }) });
    const result = schema.safeParse({ spec: { workers: [{ replicas: 1 }, { replicas: -1 }] } });
    expect(result.success).toBe(false);
    expect(problemsFromZod(result.error!)).toEqual([{ path: 'spec.workers[1].replicas', message: expect.any(String) }]);
  });

  it.each([
    [[], '(body)'],
    [['a', 0, 'b'], 'a[0].b'],
    [['labels', 'app.kubernetes.io/name'], 'labels["app.kubernetes.io/name"]'],
  ])('formats %j as %s', (path, text) => {
    expect(formatProblemPath(path)).toBe(text);
  });
});

describe('errorBody', () => {
  it('keeps the kind, message and problems of family errors', () => {
    expect(errorBody(new InputError('bad body', [{ path: 'a[0]', message: 'required' }]))).toEqual({
      code: 'input',
      message: 'bad body',
      problems: [{ path: 'a[0]', message: 'required' }],
    });
    expect(errorBody(new NotFoundError('no cluster x'))).toEqual({ code: 'not-found', message: 'no cluster x', problems: [] });
  });

  it('hides the message of anything else', () => {
    expect(errorBody(new Error('SELECT * FROM secrets failed'))).toEqual({ code: 'internal', message: expect.not.stringContaining('SELECT'), problems: [] });
  });
});
