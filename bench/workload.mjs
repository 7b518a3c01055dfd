// The benchmark's workload, shared by bench.mjs and profile.mjs: a rubric of `n` criteria
// cycling through every criterion type (ratings required, so the form has problems to list),
// and a task with two long markdown responses.

/** A rubric of `n` criteria cycling through every criterion type. */
export function rubric(n) {
  const levels = (k) => Array.from({ length: k }, (_, i) => ({ value: i + 1, label: `Level ${i + 1}`, descriptor: `What level ${i + 1} means, in a sentence or two of **markdown**.` }));
  const options = (k) => Array.from({ length: k }, (_, i) => ({ value: `o${i}`, label: `Option ${i}`, description: `When to pick option ${i}.` }));
  const make = [
    (id) => ({ id, type: 'rating', title: `Rating ${id}`, description: 'Rate it.', required: true, levels: levels(5) }),
    (id) => ({ id, type: 'single_choice', title: `Choice ${id}`, options: options(4) }),
    (id) => ({ id, type: 'multi_choice', title: `Multi ${id}`, options: options(5) }),
    (id) => ({ id, type: 'pairwise', title: `Pair ${id}`, scale: levels(7).map((l, i) => ({ ...l, value: i - 3 })) }),
    (id) => ({ id, type: 'checklist', title: `Checklist ${id}`, items: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }] }),
    (id) => ({ id, type: 'text', title: `Text ${id}`, max_length: 500 }),
    (id) => ({ id, type: 'ranking', title: `Ranking ${id}` }),
  ];
  const criteria = Array.from({ length: n }, (_, i) => make[i % make.length](`c${i}`));
  return { schema_version: '1.0', id: `bench-${n}`, version: '1', title: `Benchmark, ${n} criteria`, instructions: 'Benchmark.', criteria };
}

export const task = {
  id: 'bench-task',
  prompt: 'A prompt with **some** markdown and a [link](https://example.com).',
  responses: [
    { id: 'a', label: 'A', content: '# Answer\n\n' + 'A paragraph of a typical model answer. '.repeat(40) },
    { id: 'b', label: 'B', content: '- a list\n- of points\n\n```\ncode block\n```\n' + 'More text. '.repeat(60) },
  ],
};
