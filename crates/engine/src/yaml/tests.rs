use super::*;
use crate::source::LineIndex;

fn one(text: &str) -> (Loaded, NodeId) {
    let loaded = load(text, &Limits::default());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let root = loaded.documents[0].root;
    (loaded, root)
}

fn text_of<'a>(text: &'a str, tree: &Tree, id: NodeId) -> &'a str {
    let (s, e) = tree.range(id);
    &text[s..e]
}

#[test]
fn scalars_keys_and_collections_keep_their_ranges() {
    let text = "kind: Pod\nspec:\n  containers:\n    - name: app\n      image: \"nginx\"\n";
    let (l, root) = one(text);
    let t = &l.tree;
    let kind = t.entry(root, "kind").unwrap();
    assert_eq!(text_of(text, t, kind.key), "kind");
    assert_eq!(text_of(text, t, kind.value), "Pod");
    let container = t.items(t.path(root, &["spec", "containers"]).unwrap())[0];
    // A block mapping starts at its first key: the `- name:` line.
    assert!(text_of(text, t, container).starts_with("name: app"));
    let image = t.get(container, "image").unwrap();
    assert_eq!(text_of(text, t, image), "\"nginx\"");
    assert_eq!(t.str(image), Some("nginx"));
    let idx = LineIndex::new(text);
    let p = idx.position(text, t.range(image).0);
    assert_eq!((p.line, p.column), (5, 14));
}

#[test]
fn flow_collections_end_at_their_bracket() {
    let text = "a: {b: [1, 2], c: x}\n";
    let (l, root) = one(text);
    let a = l.tree.get(root, "a").unwrap();
    assert_eq!(text_of(text, &l.tree, a), "{b: [1, 2], c: x}");
    let b = l.tree.get(a, "b").unwrap();
    assert_eq!(text_of(text, &l.tree, b), "[1, 2]");
}

#[test]
fn non_ascii_text_maps_to_the_right_bytes() {
    let text = "name: café 日本 😀\nimage: x\n";
    let (l, root) = one(text);
    let image = l.tree.get(root, "image").unwrap();
    assert_eq!(text_of(text, &l.tree, image), "x");
    let name = l.tree.get(root, "name").unwrap();
    assert_eq!(text_of(text, &l.tree, name), "café 日本 😀");
    let idx = LineIndex::new(text);
    let end = idx.position(text, l.tree.range(name).1);
    // "name: café 日本 😀": bytes 6 + 5 + 1 + 6 + 1 + 4 = 23, UTF-16 6 + 4 + 1 + 2 + 1 + 2 = 16.
    assert_eq!(end.column, 24);
    assert_eq!(end.column_utf16, 17);
}

#[test]
fn multi_document_streams_bom_crlf_and_json() {
    let text = "\u{feff}a: 1\r\n---\r\nb: 2\r\n...\r\n---\r\n{\"c\": [true]}\r\n";
    let l = load(text, &Limits::default());
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(l.documents.len(), 3);
    assert_eq!(l.tree.get_str(l.documents[1].root, "b"), Some("2"));
    let c = l.tree.get(l.documents[2].root, "c").unwrap();
    assert_eq!(l.tree.items(c).len(), 1);
    let idx = LineIndex::new(text);
    // A document starts at its `---` marker.
    assert_eq!(idx.position(text, l.documents[1].start).line, 2);
}

#[test]
fn a_syntax_error_costs_only_its_own_document() {
    let text = "a: 1\n---\nb: [unclosed\n---\nc: 3\n";
    let l = load(text, &Limits::default());
    assert_eq!(l.errors.len(), 1);
    let idx = LineIndex::new(text);
    // It points at the bracket that was never closed, not at the end of the text.
    let at = idx.position(text, l.errors[0].offset);
    assert_eq!((at.line, at.column), (3, 4));
    assert!(
        l.errors[0].message.starts_with("`[` is never closed"),
        "{:?}",
        l.errors
    );
    let roots: Vec<_> = l.documents.iter().map(|d| d.root).collect();
    assert_eq!(roots.len(), 2);
    assert_eq!(l.tree.get_str(roots[1], "c"), Some("3"));
}

#[test]
fn directives_stay_with_their_document() {
    let text = "%YAML 1.2\n---\na: 1\n";
    let (l, root) = one(text);
    assert_eq!(l.tree.get_str(root, "a"), Some("1"));
}

#[test]
fn duplicate_keys_keep_the_last_value_and_are_recorded() {
    let text = "audit: baseline\nwarn: restricted\naudit: restricted\n";
    let (l, root) = one(text);
    assert_eq!(l.tree.get_str(root, "audit"), Some("restricted"));
    let dups = l.tree.duplicate_keys();
    assert_eq!(dups.len(), 1);
    assert_eq!(text_of(text, &l.tree, dups[0].duplicate), "audit");
    let idx = LineIndex::new(text);
    assert_eq!(
        idx.position(text, l.tree.range(dups[0].duplicate).0).line,
        3
    );
}

#[test]
fn merge_keys_resolve_as_kubernetes_does() {
    let text = "base: &base {a: 1, b: 1}\nother: &other {b: 2, c: 2}\n\
                over: {<<: *base, b: 9}\n\
                list: {<<: [*base, *other]}\n\
                later: {b: 9, <<: *base}\n";
    let (l, root) = one(text);
    let t = &l.tree;
    let over = t.get(root, "over").unwrap();
    assert_eq!(t.get_str(over, "a"), Some("1"));
    assert_eq!(t.get_str(over, "b"), Some("9"));
    // In a merge list, the earlier map wins.
    let list = t.get(root, "list").unwrap();
    assert_eq!(t.get_str(list, "b"), Some("1"));
    assert_eq!(t.get_str(list, "c"), Some("2"));
    // Kubernetes' decoder applies entries in order: a merge after a key overrides it.
    let later = t.get(root, "later").unwrap();
    assert_eq!(t.get_str(later, "b"), Some("1"));
    let keys: Vec<_> = t
        .entries(over)
        .iter()
        .map(|e| t.str(e.key).unwrap().to_string())
        .collect();
    assert_eq!(keys, ["a", "b"]);
}

#[test]
fn aliases_are_references_not_copies() {
    let text = "a: &x [1, 2, 3]\nb: *x\nc: *x\n";
    let (l, root) = one(text);
    let before = l.tree.len();
    assert_eq!(l.tree.items(l.tree.get(root, "c").unwrap()).len(), 3);
    assert_eq!(l.tree.len(), before);
    // 3 keys + 3 values + 3 items + the root.
    assert_eq!(before, 10);
}

#[test]
fn alias_bomb_loads_in_linear_memory_and_budget_stops_evaluation() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..40 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let started = std::time::Instant::now();
    let l = load(&text, &Limits::default());
    assert!(l.errors.is_empty());
    assert!(l.tree.len() < 1000);
    l.tree.set_alias_budget(10_000);
    // Walk everything, following aliases: without the budget this is 10^40 steps.
    fn walk(t: &Tree, id: NodeId) -> u64 {
        t.items(id).iter().map(|i| 1 + walk(t, *i)).sum()
    }
    let root = l.documents[0].root;
    walk(&l.tree, l.tree.get(root, "a39").unwrap());
    assert!(l.tree.alias_budget_exhausted());
    assert!(started.elapsed().as_secs() < 1);
}

#[test]
fn limits_give_clear_errors() {
    let deep = "[".repeat(500) + &"]".repeat(500);
    let l = load(&deep, &Limits::default());
    assert!(l.errors[0].message.contains("nesting"), "{:?}", l.errors);
    let block_deep: String = (0..300)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let l = load(&block_deep, &Limits::default());
    assert!(
        l.errors[0].message.contains("nesting deeper than 200"),
        "{:?}",
        l.errors
    );
    let small = Limits {
        max_input_bytes: 10,
        ..Limits::default()
    };
    assert!(load("a: 0123456789", &small).errors[0]
        .message
        .contains("limit"));
    let few = Limits {
        max_nodes: 5,
        ..Limits::default()
    };
    assert!(load("[1, 2, 3, 4, 5, 6]", &few).errors[0]
        .message
        .contains("nodes"));
    let entries = Limits {
        max_entries: 2,
        ..Limits::default()
    };
    let wide = load("a: 1\nb: 2\nc: 3\n---\n[x, y, z]\n", &entries);
    assert_eq!(wide.errors.len(), 1, "{:?}", wide.errors);
    assert_eq!(wide.errors[0].offset, 10);
    assert!(wide.errors[0].message.contains("more than 2 entries"));
    assert!(wide.errors[0]
        .message
        .contains("this document was not read"));
    assert_eq!(wide.documents.len(), 1, "the next document is still read");
    assert_eq!(wide.unread, [(0, 15)]);
    let docs = Limits {
        max_documents: 2,
        ..Limits::default()
    };
    assert!(load("a: 1\n---\nb: 1\n---\nc: 1\n", &docs).errors[0]
        .message
        .contains("documents"));
}

#[test]
fn kubernetes_booleans_and_integers() {
    let text = "a: yes\nb: \"yes\"\nc: Off\nd: TRUE\ne: maybe\nf: 0644\ng: 0x1F\nh: 420\n";
    let (l, root) = one(text);
    let t = &l.tree;
    let b = |k| k8s_bool(t, t.get(root, k).unwrap());
    assert_eq!(b("a"), Some((true, BoolSpelling::Yaml11)));
    assert_eq!(b("b"), None);
    assert_eq!(b("c"), Some((false, BoolSpelling::Yaml11)));
    assert_eq!(b("d"), Some((true, BoolSpelling::Canonical)));
    assert_eq!(b("e"), None);
    let i = |k| k8s_int(t, t.get(root, k).unwrap());
    assert_eq!(i("f"), Some(0o644));
    assert_eq!(i("g"), Some(31));
    assert_eq!(i("h"), Some(420));
}

#[test]
fn hostile_inputs_never_panic() {
    for text in [
        "",
        "---",
        "...",
        "\u{0}\u{1}\u{2}",
        "*unknown",
        "&a [*a]",
        "? [a]: b",
        "a: !!binary x",
        "a: \"x # y",
        "a: 'x # y",
        "a: !!int \"",
        "a: &x # c",
        "a: !!str #",
        "#",
        "\"\\",
        "a: |\n  # only\n",
        "- !!bool\n- !!null #c\n- &a !!int '0'\n",
        "\t- a",
        "- [",
        "{a: 1, a: 2}",
        "key: |\n  block\n---\n",
        "a:\n- b\n -c",
        "'unterminated",
        "\"\\uD800\"",
        "%TAG ! tag:x\n---\n!foo a",
        "\u{feff}\u{feff}a: 1",
    ] {
        let _ = load(text, &Limits::default());
    }
}

/// The comments the loader found in `text`, as written.
fn comments_of(text: &str) -> Vec<&str> {
    let l = load(text, &Limits::default());
    l.tree.comments().map(|(s, e)| &text[s..e]).collect()
}

#[test]
fn a_hash_inside_any_scalar_is_content_and_a_comment_after_it_is_found() {
    let cases: &[(&str, &[&str])] = &[
        // Plain: `#` only starts a comment after a space.
        ("a: x#y # c\n", &["# c"]),
        ("a: p1#\n  p2#q # c\n", &["# c"]),
        // Single-quoted, with an escaped quote before the `#`.
        ("a: 'p # q' # c\n", &["# c"]),
        ("a: 'it''s # x' # c\n", &["# c"]),
        // Double-quoted, with an escaped quote, and over two lines.
        ("a: \"x # y\" # c\n", &["# c"]),
        ("a: \"e \\\" # x\" # c\n", &["# c"]),
        ("a: \"m\n  # in\" # out\n", &["# out"]),
        // Literal and folded: `#` lines are content while the block lasts; the header's
        // comment and less-indented `#` lines after it are comments.
        (
            "a: |  # hdr\n  l1 # x\n  # l2\n# out\n",
            &["# hdr", "# out"],
        ),
        ("b: >-\n   f # y\n\n  # trailing\nc: 1\n", &["# trailing"]),
        ("a: |2-\n    # deeper\n  x\n", &[]),
        ("a: | # c\n", &["# c"]),
        // Flow collections and keys.
        ("a: {t: \"spc_t # z\", u: 'v # w'} # c\n", &["# c"]),
        ("a: [x #y\n , 'q # r'] # c\n", &["#y", "# c"]),
        ("\"k # y\": v # c\n", &["# c"]),
        ("{\"a\": \"#x\", \"b\": \"y # z\"} # c\n", &["# c"]),
        // Properties: a comment between a tag and its value, or after a tagged value.
        (
            "a: !!str # c1\n  \"q # r\"  # c2\nb: &an 'x' # c3\nc: !!str |  # hdr\n  l1 # no\n",
            &["# c1", "# c2", "# c3", "# hdr"],
        ),
        // `#` inside anchor and alias names is part of the name.
        ("a: &x#y v\nb: *x#y # c\n", &["# c"]),
        // Around documents, directives, a byte order mark and CRLF line breaks.
        (
            "%YAML 1.2 # c\n--- # d\na: 1\n... # e\n",
            &["# c", "# d", "# e"],
        ),
        ("--- \"a # b\" # c\n", &["# c"]),
        ("\u{feff}# c\na: 1\n", &["# c"]),
        ("a: \"x # y\" # c\r\nb: 1 # d\r\n", &["# c", "# d"]),
    ];
    for (text, expected) in cases {
        let l = load(text, &Limits::default());
        assert!(l.errors.is_empty(), "{text:?}: {:?}", l.errors);
        assert_eq!(comments_of(text), *expected, "{text:?}");
    }
}

#[test]
fn quoted_scalars_end_at_their_closing_quote() {
    let text = "a: \"x # y\"  # c\nb: 'p''q' # d\nc: !!str \"z\" # e\n";
    let (l, root) = one(text);
    let t = &l.tree;
    let value = |k| text_of(text, t, t.get(root, k).unwrap());
    assert_eq!(value("a"), "\"x # y\"");
    assert_eq!(value("b"), "'p''q'");
    assert_eq!(value("c"), "!!str \"z\"");
}

#[test]
fn a_document_that_does_not_parse_has_no_comments() {
    // Without its scalars known, a `#` cannot be told apart; better no suppression than a
    // false one. The other documents keep theirs.
    let text = "a: 1 # ok\n---\nb: [\"x # y\" # c\n";
    assert_eq!(comments_of(text), ["# ok"]);
}

#[test]
fn explicit_tags_are_read_as_the_api_server_reads_them() {
    let text = "\
b1: !!bool true
b2: !!bool \"true\"
b3: !!bool 'yes'
b4: !!bool maybe
b5: !!str true
b6: !!int 1
b7: !!null true
b8: !custom true
b9: ! true
b10: !<tag:yaml.org,2002:bool> on
b11: \"true\"
b12: !!bool |-
  true
b13: !!float 1
i1: !!int \"0\"
i2: !!int '0x10'
i3: !!int 1.0
i4: !!str 0
i5: !!float 0
i6: !!float \"2.0\"
i7: !!float 0.5
i8: !!null 0
i9: !!bool 0
i10: !custom 0
i11: 0.0
i12: \"0\"
i13: 1e+3
i14: 1e3
i15: !!int -0b11
n1: !!null
n2: !!null x
n3: !!str null
n4: ~
n5: \"null\"
n6: !custom null
n7: !!bool null
n8: !!int ~
";
    let (l, root) = one(text);
    let t = &l.tree;
    let node = |k| t.get(root, k).unwrap();
    let b = |k| k8s_bool(t, node(k));
    let i = |k| k8s_int(t, node(k));
    let n = |k| t.is_null(node(k));
    use BoolSpelling::*;
    assert_eq!(b("b1"), Some((true, Canonical)));
    assert_eq!(b("b2"), Some((true, Canonical)));
    assert_eq!(b("b3"), Some((true, Yaml11)));
    assert_eq!(b("b10"), Some((true, Yaml11)));
    assert_eq!(b("b12"), Some((true, Canonical)));
    for k in ["b4", "b5", "b6", "b7", "b8", "b9", "b11", "b13"] {
        assert_eq!(b(k), None, "{k}");
    }
    assert_eq!(i("i1"), Some(0));
    assert_eq!(i("i2"), Some(16));
    assert_eq!(i("i5"), Some(0));
    assert_eq!(i("i6"), Some(2));
    assert_eq!(i("i11"), Some(0));
    assert_eq!(i("i13"), Some(1000));
    assert_eq!(i("i15"), Some(-3));
    assert_eq!(i("b6"), Some(1));
    assert_eq!(i("b13"), Some(1));
    for k in [
        "i3", "i4", "i7", "i8", "i9", "i10", "i12", "i14", "b1", "b5",
    ] {
        assert_eq!(i(k), None, "{k}");
    }
    for k in ["n1", "n2", "n4", "b7", "i8"] {
        assert!(n(k), "{k}");
    }
    for k in ["n3", "n5", "n6", "n7", "n8", "b1", "b5", "i1", "i4"] {
        assert!(!n(k), "{k}");
    }
    // A `%TAG` that points `!!` elsewhere makes `!!bool` an unknown tag: text, not a boolean.
    let (l, root) = one("%TAG !! tag:example.com,2000:\n---\na: !!bool true\n");
    assert_eq!(k8s_bool(&l.tree, l.tree.get(root, "a").unwrap()), None);
}

/// Every scalar of a text, in order, as (style, value).
fn scalars_of(l: &Loaded) -> Vec<(ScalarStyle, String)> {
    (0..l.tree.len())
        .filter_map(|i| match l.tree.node(NodeId(i as u32)) {
            Node::Scalar(s) => Some((s.style, l.tree.text(s).to_string())),
            _ => None,
        })
        .collect()
}

mod comment_property {
    use super::*;
    use proptest::prelude::*;

    fn yamlish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a: "),
                Just("b:"),
                Just("- "),
                Just("\n"),
                Just("\n  "),
                Just("\n    "),
                Just(" "),
                Just("#"),
                Just(" # c"),
                Just("x#y"),
                Just("\"q # r\""),
                Just("\"e \\\" # s\""),
                Just("'p '' # t'"),
                Just("|\n  l # u\n  # v\n"),
                Just(">-\n  f # w\n"),
                Just("{k: \"# z\", m: n}"),
                Just("[1, '#']"),
                Just("!!str "),
                Just("&an "),
                Just("*an"),
                Just("---\n"),
                Just(":"),
                Just(","),
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// Rewriting the text of every comment the loader found (all but its `#`) leaves every
        /// scalar as it was: nothing taken for a comment was content. Each comment starts with
        /// a `#` at a line start or after a space, and runs to the end of its line.
        #[test]
        fn comments_are_never_content(text in yamlish()) {
            let l = load(&text, &Limits::default());
            let bytes = text.as_bytes();
            let mut rewritten = bytes.to_vec();
            for (s, e) in l.tree.comments() {
                prop_assert_eq!(bytes[s], b'#');
                prop_assert!(s == 0 || matches!(bytes[s - 1], b' ' | b'\t' | b'\n' | b'\r'));
                prop_assert!(!text[s..e].contains(['\n', '\r']));
                prop_assert!(e == text.len() || matches!(bytes[e], b'\n' | b'\r'));
                rewritten[s + 1..e].fill(b'z');
            }
            if !l.errors.is_empty() {
                return Ok(());
            }
            let rewritten = String::from_utf8(rewritten).unwrap();
            let again = load(&rewritten, &Limits::default());
            prop_assert!(again.errors.is_empty(), "{:?} → {:?}", text, again.errors);
            prop_assert_eq!(scalars_of(&l), scalars_of(&again), "{:?}", text);
        }
    }
}

#[test]
fn entries_of_a_large_mapping_settle_duplicates_like_a_small_one() {
    // Past the size where keys are indexed, the last write still wins, in first-appearance
    // order, through merges too.
    let mut text = String::from("base: &b {k3: merged, extra: x}\nm:\n  <<: *b\n");
    for i in 0..40 {
        text.push_str(&format!("  k{i}: v{i}\n"));
    }
    text.push_str("  k3: last\n  k0: again\n");
    let (l, root) = one(&text);
    let t = &l.tree;
    let m = t.get(root, "m").unwrap();
    let entries = t.entries(m);
    let pairs: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (t.str(e.key).unwrap(), t.str(e.value).unwrap()))
        .collect();
    assert_eq!(pairs.len(), 41);
    assert_eq!(pairs[0], ("k3", "last"));
    assert_eq!(pairs[1], ("extra", "x"));
    assert_eq!(pairs[2], ("k0", "again"));
    assert_eq!(pairs[40], ("k39", "v39"));
}

#[test]
fn a_large_flow_document_keeps_its_positions_and_comments() {
    // Past the size where the parser is given a `--- ` marker first, ranges, comments and
    // errors still point into the text as written.
    let items = "\"x\",".repeat(20_000);
    let text = format!("# head comment\n\n  [{items} \"last\", {{k: v}}] # tail\n");
    let (l, root) = one(&text);
    let t = &l.tree;
    let (start, _) = t.range(root);
    assert_eq!(&text[start..start + 1], "[");
    let last = t.items(root)[20_000];
    assert_eq!(text_of(&text, t, last), "\"last\"");
    let comments: Vec<_> = t.comments().map(|(s, e)| &text[s..e]).collect();
    assert_eq!(comments, ["# head comment", "# tail"]);
    let broken = format!("# c\n{{a: [{items}\n");
    let loaded = load(&broken, &Limits::default());
    assert_eq!(loaded.errors.len(), 1);
    // The innermost bracket left open, as for a small document.
    assert_eq!(loaded.errors[0].offset, 8, "{:?}", loaded.errors);
}

#[test]
fn collections_hold_their_own_children_only_after_a_large_document() {
    // One large mapping, then many small documents: every collection's children sit in the
    // tree's shared lists, and each must read back exactly its own, however large the lists.
    let mut text = String::from("big:\n");
    for i in 0..5000 {
        text.push_str(&format!("  k{i}: [a, b]\n"));
    }
    for i in 0..50 {
        text.push_str(&format!("---\nkind: Pod\nlist: [x, {i}]\n"));
    }
    for fast in [true, false] {
        let loaded = if fast {
            load(&text, &Limits::default())
        } else {
            load_reference(&text, &Limits::default())
        };
        assert_eq!(loaded.documents.len(), 51);
        let tree = &loaded.tree;
        let texts =
            |id| -> Vec<&str> { tree.items(id).iter().filter_map(|&n| tree.str(n)).collect() };
        let big = tree.get(loaded.documents[0].root, "big").unwrap();
        assert_eq!(tree.entries(big).len(), 5000, "fast reader: {fast}");
        for (i, e) in tree.entries(big).iter().enumerate() {
            assert_eq!(tree.str(e.key), Some(format!("k{i}").as_str()));
            assert_eq!(texts(e.value), ["a", "b"], "fast reader: {fast}");
        }
        for (i, doc) in loaded.documents[1..].iter().enumerate() {
            let keys: Vec<_> = tree
                .entries(doc.root)
                .iter()
                .map(|e| tree.str(e.key))
                .collect();
            assert_eq!(keys, [Some("kind"), Some("list")], "fast reader: {fast}");
            let list = tree.get(doc.root, "list").unwrap();
            assert_eq!(
                texts(list),
                ["x", i.to_string().as_str()],
                "fast reader: {fast}"
            );
        }
    }
}
