//! The samples offered by "Load sample". They are files in `samples/`, compiled in, so they
//! work offline and never need a request.

pub struct Sample {
    pub id: &'static str,
    pub label: &'static str,
    pub text: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "insecure-deployment",
        label: "Insecure Deployment",
        text: include_str!("../samples/insecure-deployment.yaml"),
    },
    Sample {
        id: "rbac",
        label: "RBAC: over-broad roles",
        text: include_str!("../samples/rbac.yaml"),
    },
    Sample {
        id: "palette-profile",
        label: "Palette cluster profile",
        text: include_str!("../samples/palette-profile.json"),
    },
    Sample {
        id: "pxk-values",
        label: "Palette Kubernetes pack values",
        text: include_str!("../samples/pxk-values.yaml"),
    },
    Sample {
        id: "pxke-values",
        label: "Palette edge pack values (PXK-E)",
        text: include_str!("../samples/pxke-values.yaml"),
    },
    Sample {
        id: "k3s-values",
        label: "Palette K3s pack values",
        text: include_str!("../samples/k3s-values.yaml"),
    },
    Sample {
        id: "vmo-template",
        label: "VM template (Palette VMO)",
        text: include_str!("../samples/vmo-template.yaml"),
    },
    Sample {
        id: "edge-user-data",
        label: "Edge user-data",
        text: include_str!("../samples/edge-user-data.yaml"),
    },
    Sample {
        id: "hardened-app",
        label: "Hardened workload",
        text: include_str!("../samples/hardened-app.yaml"),
    },
];

pub fn find(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}
