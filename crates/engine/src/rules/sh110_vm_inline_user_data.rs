use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "SH110",
        slug: "vm-inline-user-data",
        title: "VM cloud-init user-data is written inline",
        principle: Principle::SecretsHandling,
        pillars: &[Pillar::Confidentiality],
        severity: Severity::Low,
        security_severity: "3.3",
        rationale: "Inline userData is part of the VirtualMachine object: everyone who can read the VM or its template reads any password or key in it, and it is stored unencrypted with the object. A Secret referenced with userDataSecretRef keeps it with the other credentials.",
        remediation: "Move the user-data into a Secret and reference it with `userDataSecretRef`.",
        subject: Subject::Kinds(&["VirtualMachine", "VirtualMachineInstance", "VmTemplate"]),
        fix_snippet: "cloudInitNoCloud:\n  userDataSecretRef:\n    name: vm1-cloud-init",
        references: &[
        ],
        invalid: examples![
            "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm1}\nspec:\n  template:\n    spec:\n      domain: {devices: {}}\n      volumes:\n        - name: cloudinitdisk\n          cloudInitNoCloud:\n            userData: |\n              #cloud-config\n              hostname: vm1\n",
        ],
        valid: examples![
            "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm1}\nspec:\n  template:\n    spec:\n      domain: {devices: {}}\n      volumes:\n        - name: cloudinitdisk\n          cloudInitNoCloud:\n            userDataSecretRef: {name: vm1-init}\n",
        ],
    },
    check,
};

/// The volumes of a KubeVirt VirtualMachine, VirtualMachineInstance or Palette VmTemplate.
pub(crate) fn vm_volumes(
    tree: &crate::yaml::Tree,
    root: crate::yaml::NodeId,
) -> &[crate::yaml::NodeId] {
    let volumes = tree
        .path(root, &["spec", "template", "spec", "volumes"])
        .or_else(|| tree.path(root, &["spec", "volumes"]));
    volumes.map(|v| tree.items(v)).unwrap_or(&[])
}

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in ctx.objects.iter().filter(|o| {
        matches!(
            o.kind.as_str(),
            "VirtualMachine" | "VirtualMachineInstance" | "VmTemplate"
        )
    }) {
        for volume in vm_volumes(tree, obj.root) {
            for source in ["cloudInitNoCloud", "cloudInitConfigDrive"] {
                if let Some(entry) = tree
                    .get(*volume, source)
                    .and_then(|s| tree.entry(s, "userData"))
                {
                    sink.report(entry.key, "cloud-init user-data is inline in the VM; reference it from a Secret instead.")
                        .resource(obj.label());
                }
            }
        }
    }
}
