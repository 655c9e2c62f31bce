//! The vocabulary every rule and report shares: severities, principles and pillars.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s))
    }

    /// SARIF result level: critical/high are errors, medium warnings, the rest notes.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Critical | Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        }
    }

    /// The range GitHub code scanning expects for `security-severity` at this severity.
    pub fn security_severity_range(self) -> (f32, f32) {
        match self {
            Severity::Critical => (9.0, 10.0),
            Severity::High => (7.0, 8.9),
            Severity::Medium => (4.0, 6.9),
            Severity::Low => (0.1, 3.9),
            Severity::Info => (0.0, 0.0),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Principle {
    SecureByDesign,
    SecureByDefault,
    NotObscurity,
    DefenseInDepth,
    LeastPrivilege,
    SecretsHandling,
    ContinuousImprovement,
}

impl Principle {
    /// In declaration order: `p as usize` is a principle's index here.
    pub const ALL: [Principle; 7] = [
        Principle::SecureByDesign,
        Principle::SecureByDefault,
        Principle::NotObscurity,
        Principle::DefenseInDepth,
        Principle::LeastPrivilege,
        Principle::SecretsHandling,
        Principle::ContinuousImprovement,
    ];

    /// The two-letter prefix of rule IDs under this principle.
    pub fn code(self) -> &'static str {
        match self {
            Principle::SecureByDesign => "DS",
            Principle::SecureByDefault => "DF",
            Principle::NotObscurity => "OB",
            Principle::DefenseInDepth => "DD",
            Principle::LeastPrivilege => "LP",
            Principle::SecretsHandling => "SH",
            Principle::ContinuousImprovement => "CI",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Principle::SecureByDesign => "Secure by Design",
            Principle::SecureByDefault => "Secure by Default",
            Principle::NotObscurity => "Never Rely Just on Obscurity",
            Principle::DefenseInDepth => "Defense in Depth",
            Principle::LeastPrivilege => "Least Privilege",
            Principle::SecretsHandling => "Secrets Handling",
            Principle::ContinuousImprovement => "Continuous Improvement",
        }
    }

    /// One sentence, in our own words, on what the principle asks of a configuration.
    pub fn summary(self) -> &'static str {
        match self {
            Principle::SecureByDesign => {
                "Workloads are built to be safe from the start: immutable, pinned to known \
                 images, observable and able to survive a failure."
            }
            Principle::SecureByDefault => {
                "The safe setting is the one you get without asking; anything weaker has to be \
                 chosen on purpose."
            }
            Principle::NotObscurity => {
                "Hiding something is not the same as protecting it: encoding, unusual ports and \
                 unlisted endpoints stop nobody."
            }
            Principle::DefenseInDepth => {
                "Several independent layers, so that one mistake or one exploit does not open \
                 the whole cluster."
            }
            Principle::LeastPrivilege => {
                "Every workload and identity holds only the rights its job needs, and nothing \
                 that reaches the host or the whole cluster."
            }
            Principle::SecretsHandling => {
                "Credentials live in a secret store and reach workloads as references, never as \
                 literal text in a config."
            }
            Principle::ContinuousImprovement => {
                "Configuration keeps pace with the platform: removed APIs and outdated settings \
                 are replaced before they break or weaken a cluster."
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Pillar {
    Confidentiality,
    Integrity,
    Availability,
    Authentication,
    Authorization,
    Auditing,
}

impl Pillar {
    /// In declaration order: `p as usize` is a pillar's index here.
    pub const ALL: [Pillar; 6] = [
        Pillar::Confidentiality,
        Pillar::Integrity,
        Pillar::Availability,
        Pillar::Authentication,
        Pillar::Authorization,
        Pillar::Auditing,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pillar::Confidentiality => "Confidentiality",
            Pillar::Integrity => "Integrity",
            Pillar::Availability => "Availability",
            Pillar::Authentication => "Authentication",
            Pillar::Authorization => "Authorization",
            Pillar::Auditing => "Auditing",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principles_and_pillars_are_listed_in_declaration_order() {
        for (i, p) in Principle::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
        }
        for (i, p) in Pillar::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
        }
    }
}
