//! Posture's own seven principles and six pillars as a framework: each rule belongs to one
//! principle and some pillars (its metadata), so each principle or pillar is evaluated by
//! exactly the rules that name it.

use super::{Check, Cite, Control, Framework, Only, RuleRef};
use crate::model::{Pillar, Principle};
use crate::rules::ALL;

fn rule_refs(belongs: impl Fn(&crate::RuleMeta) -> bool) -> Check {
    Check::Rules {
        rules: ALL
            .iter()
            .filter(|r| belongs(&r.meta))
            .map(|r| RuleRef {
                rule: r.meta.id,
                only: Only::All,
            })
            .collect::<Vec<_>>()
            .into(),
        partial: None,
    }
}

pub(super) fn framework() -> Framework {
    let principles = Principle::ALL.into_iter().map(|p| Control {
        id: p.code(),
        title: p.title(),
        section: "Principles",
        check: rule_refs(|m| m.principle == p),
    });
    let pillars = Pillar::ALL.into_iter().map(|p| Control {
        id: p.title(),
        title: p.title(),
        section: "Pillars",
        check: rule_refs(|m| m.pillars.contains(&p)),
    });
    Framework {
        id: "principles",
        title: "Posture principles and pillars",
        version: crate::rules::CATALOGUE_VERSION,
        description: "Posture's own view: the seven security principles every rule is filed \
            under, and the six pillars (confidentiality, integrity, availability, \
            authentication, authorization, auditing) each rule protects.",
        cite: Cite::None,
        controls: principles.chain(pillars).collect::<Vec<_>>().into(),
    }
}
