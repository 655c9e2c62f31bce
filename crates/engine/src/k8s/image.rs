//! Container image references: `[registry/]repository[:tag][@digest]`.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

/// Splits an image reference. The tag is the part after the last `:` of the last path
/// segment, so a registry port (`registry:5000/app`) is not mistaken for a tag.
pub fn parse(image: &str) -> ImageRef<'_> {
    let image = image.trim();
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    match name[last_slash..].rfind(':') {
        Some(colon) => {
            let at = last_slash + colon;
            ImageRef {
                repository: &name[..at],
                tag: Some(&name[at + 1..]),
                digest,
            }
        }
        None => ImageRef {
            repository: name,
            tag: None,
            digest,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_registry_port_tag_and_digest() {
        let r = parse("registry.local:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.repository, "registry.local:5000/team/app");
        assert_eq!(r.tag, Some("1.2"));
        assert_eq!(r.digest, Some("sha256:abc"));
        let r = parse("registry.local:5000/app");
        assert_eq!((r.tag, r.digest), (None, None));
        assert_eq!(parse("nginx").tag, None);
        assert_eq!(parse("nginx:latest").tag, Some("latest"));
    }
}
