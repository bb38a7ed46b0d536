// First start and the lock in memory (the name and password rules replayed from the core's
// fixtures). Browser tests start with an operator already set up
// (so every flow opens on the app); `?firstStart` in the URL starts without one.
import type { OperatorStatus } from "../bindings/OperatorStatus";
import type { Role } from "../bindings/Role";
import { BackendError } from "./errors";
import { setupProblems } from "./fakeRules";

/** The fake backend's recovery key (the real one is random and shown once). */
export const FAKE_RECOVERY_KEY = "1A2B-3C4D-5E6F-7081-92A3-B4C5-D6E7-F809";

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
      if (pw !== password) throw new BackendError({ code: "locked", message: "密码不正确", messageEn: "wrong password", field: "password" });
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
      if (status.operator?.hasPassword && current !== password) throw new BackendError({ code: "locked", message: "密码不正确", messageEn: "wrong password", field: "current" });
      const issues = setupProblems("-", newPassword);
      if (issues.length || !newPassword) throw new BackendError({ code: "invalid_input", message: issues[0]?.messageZh ?? "请填写新密码", messageEn: issues[0]?.messageEn ?? "enter the new password", field: "newPassword" });
      const first = !status.operator?.hasPassword;
      password = newPassword;
      status = { ...status, operator: status.operator && { ...status.operator, hasPassword: true } };
      return first ? { ...status, recoveryKey: FAKE_RECOVERY_KEY } : status;
    },
    async recoverPassword({ recoveryKey, newPassword }: { recoveryKey: string; newPassword: string }) {
      if (recoveryKey.replace(/[-\s]/g, "").toUpperCase() !== FAKE_RECOVERY_KEY.replace(/-/g, "")) {
        throw new BackendError({ code: "locked", message: "恢复密钥不正确（32 位十六进制数字）", messageEn: "wrong recovery key (32 hexadecimal digits)", field: "recoveryKey" });
      }
      const issues = setupProblems("-", newPassword);
      if (issues.length) throw new BackendError({ code: "invalid_input", message: issues[0].messageZh, messageEn: issues[0].messageEn, field: "newPassword" });
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
