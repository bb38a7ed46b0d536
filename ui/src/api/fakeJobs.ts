// Photo folder batches in memory for browser tests: a folder named in the test gives six
// files (one without a face, one unreadable), progress arrives item by item, cancel stops
// between items and the job can be resumed. No photo rule is implemented here.
import type { BatchLine } from "../bindings/BatchLine";
import type { Job } from "../bindings/Job";
import type { JobProgress } from "../bindings/JobProgress";
import type { PhotoBatchArgs } from "../bindings/PhotoBatchArgs";
import type { PhotoBatchResult } from "../bindings/PhotoBatchResult";

const FILES = ["a.jpg", "b.jpg", "c.png", "noface.jpg", "d.heic", "broken.jpg"];

function line(dir: string, out: string, name: string): BatchLine {
  const input = `${dir}/${name}`;
  if (name === "broken.jpg") return { input, output: null, written: false, code: 2, bytes: null, issues: [], errorZh: `${input}：无法识别的图片格式`, errorEn: `${input}: unrecognised picture format` };
  if (name === "noface.jpg") return { input, output: null, written: false, code: 1, bytes: null, issues: ["photo.no_face"], errorZh: null, errorEn: null };
  return { input, output: `${out}/${name.replace(/\.\w+$/, ".jpg")}`, written: true, code: 0, bytes: 30000, issues: [], errorZh: null, errorEn: null };
}

export function createFakeJobs() {
  const jobs: Job[] = [];
  const done = new Map<number, BatchLine[]>();
  const paramsOf = new Map<number, PhotoBatchArgs["params"]>();
  const cancels = new Map<string, () => void>();
  const dropListeners = new Set<(paths: string[]) => void>();
  // Test hook: what dropping files on the window delivers in the real app.
  (window as unknown as { regdeskDrop: (paths: string[]) => void }).regdeskDrop = (paths) => dropListeners.forEach((l) => l(paths));
  return {
    async onDroppedPaths(callback: (paths: string[]) => void) {
      dropListeners.add(callback);
      return () => dropListeners.delete(callback);
    },
    async photoBatch(args: PhotoBatchArgs, onProgress: (p: JobProgress) => void): Promise<PhotoBatchResult> {
      let job = args.resumeJobId === null ? undefined : jobs.find((j) => j.id === args.resumeJobId);
      if (!job) {
        const now = new Date().toISOString();
        job = { id: jobs.length + 1, kind: "photo_batch", status: "running", total: FILES.length, done: 0, failed: 0, error: null, operator: "operator:1", createdAt: now, startedAt: now, finishedAt: null };
        jobs.unshift(job);
        done.set(job.id, []);
        // The folder dialog accepted its suggestion, or the downloads folder when there was none.
        paramsOf.set(job.id, { ...args.params, outputDir: args.params.outputDir || "/home/demo/Downloads" });
      }
      const params = paramsOf.get(job.id) ?? args.params;
      const current = job;
      current.status = "running";
      let cancelled = false;
      cancels.set(args.runId, () => (cancelled = true));
      const lines = done.get(current.id) ?? [];
      const names = params.inputFiles.length ? params.inputFiles.map((f) => f.split("/").pop()!) : FILES;
      current.total = names.length;
      for (const name of names.slice(lines.length)) {
        if (cancelled) break;
        await new Promise((r) => setTimeout(r, 120));
        lines.push(line(params.inputFiles.length ? params.inputFiles[0]!.replace(/\/[^/]*$/, "") : params.inputDir, params.outputDir, name));
        current.done = lines.length;
        current.failed = lines.filter((l) => l.code !== 0).length;
        onProgress({ done: current.done, total: current.total, failed: current.failed, rate: 8, etaMs: (current.total - current.done) * 120, current: name });
      }
      cancels.delete(args.runId);
      current.status = lines.length === names.length ? "succeeded" : "cancelled";
      current.finishedAt = new Date().toISOString();
      const sorted = [...lines].sort((a, b) => b.code - a.code || a.input.localeCompare(b.input));
      return { job: { ...current }, lines: sorted, reportPath: `${params.outputDir}/regdesk-report.json` };
    },
    async cancelBatch({ runId }: { runId: string }) {
      const c = cancels.get(runId);
      c?.();
      return c !== undefined;
    },
    async listJobs() {
      return jobs.map((j) => ({ ...j }));
    },
    async discardJob({ jobId }: { jobId: number }) {
      const i = jobs.findIndex((j) => j.id === jobId);
      if (i >= 0) jobs.splice(i, 1);
      return jobs.map((j) => ({ ...j }));
    },
  };
}
