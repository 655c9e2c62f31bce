use super::sh110_vm_inline_user_data::vm_volumes;
use crate::check::{Context, Sink};
use crate::k8s::image;
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS112",
        slug: "vm-container-disk-unpinned",
        title: "VM boots from a containerDisk image not pinned by digest",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Low,
        security_severity: "3.1",
        rationale: "A containerDisk is the VM's boot disk, pulled like a container image. Under a tag it can change between two VM starts; a digest makes every VM boot the disk that was tested.",
        remediation: "Reference the containerDisk image by digest.",
        subject: Subject::Kinds(&["VirtualMachine", "VirtualMachineInstance", "VmTemplate"]),
        fix_snippet: "containerDisk:\n  image: registry.example.com/os/fedora-container-disk:36@sha256:<digest>",
        references: &[
        ],
        invalid: examples![
            "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm1}\nspec:\n  template:\n    spec:\n      domain: {devices: {}}\n      volumes:\n        - name: containerdisk\n          containerDisk: {image: gcr.io/spectro-images-public/release/vm-dashboard/os/fedora-container-disk:36}\n",
        ],
        valid: examples![
            "apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm1}\nspec:\n  template:\n    spec:\n      domain: {devices: {}}\n      volumes:\n        - name: containerdisk\n          containerDisk: {image: \"registry.local/os/fedora:36@sha256:0000000000000000000000000000000000000000000000000000000000000000\"}\n",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let tree = ctx.tree;
    for obj in ctx.objects.iter().filter(|o| {
        matches!(
            o.kind.as_str(),
            "VirtualMachine" | "VirtualMachineInstance" | "VmTemplate"
        )
    }) {
        for volume in vm_volumes(tree, obj.root) {
            let Some(node) = tree.path(*volume, &["containerDisk", "image"]) else {
                continue;
            };
            let Some(value) = tree.str(node) else {
                continue;
            };
            if image::parse(value).digest.is_none() {
                sink.report(
                    node,
                    format!("The VM disk image \"{value}\" is not pinned by digest."),
                )
                .resource(obj.label())
                .evidence(value);
            }
        }
    }
}
