use crate::check::{Context, Sink};
use crate::model::{Pillar, Principle, Severity};
use crate::rule::{Rule, RuleMeta, Subject};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "DS905",
        slug: "unrendered-template",
        title: "Input is an unrendered template",
        principle: Principle::SecureByDesign,
        pillars: &[Pillar::Integrity],
        severity: Severity::Info,
        security_severity: "0.0",
        rationale: "A Helm chart template or Jinja file is not what the cluster runs: its `if`, \
            `range` and `include` lines decide what is rendered, and its expressions are filled \
            in from values Posture has not seen. Posture reads such a file by setting its logic \
            lines aside and standing a placeholder in for each expression, so it can still \
            point at what is written plainly; findings about templated values are left out or \
            marked, and settings that a left-out block might add cannot be seen.",
        remediation: "For a definite answer, check the rendered output: `helm template <release> \
            <chart> -f values.yaml | posture check -`.",
        subject: Subject::Documents,
        fix_snippet: "helm template web ./chart -f values-prod.yaml | posture check -",
        references: &[],
        invalid: examples![
            r#"{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- end }}
"#
        ],
        valid: examples![
            // Palette macros in values are filled in by Palette, not template logic.
            r"apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data:
  cluster: '{{ .spectro.system.cluster.name }}'
",
        ],
    },
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(&(start, end)) = ctx.template_lines.first() else {
        return;
    };
    let count = ctx.template_lines.len();
    let lines = if count == 1 { "line" } else { "lines" };
    sink.report_range(
        start,
        end,
        format!(
            "This is a template, not rendered configuration: {count} {lines} of template logic \
             were set aside and expressions stand in as placeholders, so findings are for the \
             template as written. Render it (helm template …) for a definite answer."
        ),
    );
}
