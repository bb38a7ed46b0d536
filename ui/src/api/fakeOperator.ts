// First start and the lock in memory (the name and password rules replayed from the core's
// fixtures). Browser tests start with an operator already set up
// (so every flow opens on the app); `?firstStart` in the URL starts without one.
import type { OperatorStatus } from "../bindings/OperatorStatus";
import type { Role } from "../bindings/Role";
import { BackendError } from "./errors";
import type { Problem } from "../bindings/Problem";
import { FAKE_RECOVERY_KEY, newPasswordProblems, normaliseRecovery, recoveryErrors, setupProblems } from "./fakeRules";

/** Rust's wrong-password error, blamed on `field`. */
const wrongPassword = (field: string) => new BackendError({ ...recoveryErrors.wrongPassword, field });

/** Rust refuses a new password with its first problem (commands/operator.rs `refuse`). */
function refuseNewPassword(issues: Problem[]): never {
  throw new BackendError({ code: "invalid_input", message: issues[0].messageZh, messageEn: issues[0].messageEn, field: "newPassword" });
}

export function createFakeOperator() {
  const firstStart = typeof location !== "undefined" && new URLSearchParams(location.search).has("firstStart");
  let status: OperatorStatus = firstStart ? { operator: null, locked: false } : { operator: { id: 1, name: "测试", role: "candidate", hasPassword: false }, locked: false };
  let password = "";
  return {
    async operatorStatus() {
      return status;
    },
    async setupOperator({ name, role, password: pw }: { name: string; role: Role; password: string | null }) {
      const issues = setupProblems(name, pw ?? "");
      if (issues.length === 0) {
        password = pw ?? "";
        status = { operator: { id: 1, name: name.trim(), role, hasPassword: !!pw }, locked: false };
        if (pw) return { status: { ...status, recoveryKey: FAKE_RECOVERY_KEY }, issues };
      }
      return { status, issues };
    },
    async unlock({ password: pw }: { password: string }) {
      if (pw !== password) throw wrongPassword("password");
      status = { ...status, locked: false };
      return status;
    },
    async setRole({ role }: { role: Role }) {
      if (!status.operator) throw new BackendError({ code: "invalid_input", message: "请先完成首次启动设置", messageEn: "finish the first start first" });
      status = { ...status, operator: { ...status.operator, role } };
      return status;
    },
    async lock() {
      if (!status.operator?.hasPassword) throw new BackendError({ code: "invalid_input", message: "没有设置密码，无法锁定", messageEn: "no password is set: nothing to lock with" });
      status = { ...status, locked: true };
      return status;
    },
    async changePassword({ current, newPassword }: { current: string; newPassword: string }) {
      if (status.operator?.hasPassword && current !== password) throw wrongPassword("current");
      const issues = newPasswordProblems(newPassword);
      if (issues.length) refuseNewPassword(issues);
      const first = !status.operator?.hasPassword;
      password = newPassword;
      status = { ...status, operator: status.operator && { ...status.operator, hasPassword: true } };
      return first ? { ...status, recoveryKey: FAKE_RECOVERY_KEY } : status;
    },
    async recoverPassword({ recoveryKey, newPassword }: { recoveryKey: string; newPassword: string }) {
      const issues = newPasswordProblems(newPassword);
      if (issues.length) refuseNewPassword(issues);
      if (normaliseRecovery(recoveryKey) !== FAKE_RECOVERY_KEY) throw new BackendError(recoveryErrors.wrongKey);
      password = newPassword;
      status = { ...status, locked: false };
      return status;
    },
    /** Test hook: what a restart with a password set looks like. */
    lockForTest() {
      if (status.operator?.hasPassword) status = { ...status, locked: true };
    },
  };
}
