// "重要信息变更": after a pass, changing education, major or an upload sends the profile back
// to review. The user is told before the change is saved and may step back.
import type { useDialog } from "naive-ui";

type DialogApiInjection = ReturnType<typeof useDialog>;
import { t } from "../../i18n";

export function confirmRereview(dialog: DialogApiInjection): Promise<boolean> {
  return new Promise((resolve) => {
    dialog.warning({
      title: t("wizard.rereviewTitle"),
      content: t("wizard.rereview"),
      positiveText: t("wizard.rereviewGo"),
      negativeText: t("wizard.rereviewCancel"),
      onPositiveClick: () => resolve(true),
      onNegativeClick: () => resolve(false),
      onClose: () => resolve(false),
      onMaskClick: () => resolve(false),
    });
  });
}
