//! `topology validate` and `topology show` through the real binary: both samples are valid,
//! and each kind of problem is reported with its JSON path, line:column, and exit code 2.

mod common;

use common::{Workspace, asset};
use serde_json::{Value, json};

fn sample(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(asset(&format!("topology/{name}"))).unwrap())
        .unwrap()
}

/// Writes `topology` pretty-printed, validates it, expects exit 2, and returns stderr.
fn rejected(ws: &Workspace, topology: &Value) -> (String, String) {
    let text = serde_json::to_string_pretty(topology).unwrap();
    let file = ws.write("bad.json", &text);
    let ran = ws
        .run(&["topology", "validate", file.to_str().unwrap()])
        .expect_code(2);
    (ran.stderr, text)
}

/// 1-based line of the `nth` (0-based) line containing `needle`.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in the text"))
}

#[test]
fn both_samples_are_valid() {
    let ws = Workspace::new();
    for (name, pools, servers) in [("standard-edition.json", 1, 1), ("enterprise.json", 4, 6)] {
        let ran = ws
            .run(&[
                "--json",
                "topology",
                "validate",
                asset(&format!("topology/{name}")).to_str().unwrap(),
            ])
            .ok();
        let out = ran.json();
        assert_eq!(out["valid"], true);
        assert_eq!(out["pools"], pools, "{name}");
        assert_eq!(out["servers"], servers, "{name}");
        assert_eq!(out["default_sip_domain"], "contoso.com");
    }
}

#[test]
fn syntax_error_reports_line_and_column() {
    let ws = Workspace::new();
    let file = ws.write(
        "broken.json",
        "{\n  \"sip_domains\": [\n    { \"name\": \"contoso.com\" \"default\": true }\n  ]\n}\n",
    );
    let ran = ws
        .run(&["topology", "validate", file.to_str().unwrap()])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("broken.json:3:29: $.sip_domains[0]: syntax error: expected `,` or `}`"),
        "{}",
        ran.stderr
    );
}

#[test]
fn wrong_type_reports_path_and_position() {
    let ws = Workspace::new();
    let mut topology = sample("standard-edition.json");
    topology["sites"][0]["pools"][0]["kind"] = json!("Frontend");
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains("$.sites[0].pools[0].kind: unknown variant `Frontend`"),
        "{stderr}"
    );
    assert!(stderr.contains("expected one of `FrontEnd`"), "{stderr}");
}

#[test]
fn duplicate_fqdn_is_reported_at_the_second_pool() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sites"][0]["pools"][1]["fqdn"] = json!("POOL01.contoso.com");
    let (stderr, text) = rejected(&ws, &topology);
    let line = line_of(&text, "\"fqdn\": \"POOL01.contoso.com\"", 0);
    let column = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("\"POOL01")
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!(
            "bad.json:{line}:{column}: $.sites[0].pools[1].fqdn: duplicate FQDN pool01.contoso.com: already the pool at $.sites[0].pools[0]"
        )),
        "{stderr}"
    );
}

#[test]
fn server_in_two_pools_names_both() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sites"][0]["pools"][1]["servers"][0]["fqdn"] = json!("fe02.contoso.com");
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains("$.sites[0].pools[1].servers[0].fqdn: server fe02.contoso.com is in two pools: pool01.contoso.com"),
        "{stderr}"
    );
}

#[test]
fn standard_edition_pool_needs_exactly_one_server() {
    let ws = Workspace::new();
    let mut topology = sample("standard-edition.json");
    topology["sites"][0]["pools"][0]["servers"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "fqdn": "se02.contoso.com" }));
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains(
            "$.sites[0].pools[0].servers: a Standard Edition pool has exactly one server (found 2)"
        ),
        "{stderr}"
    );
}

#[test]
fn enterprise_pool_needs_servers() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sites"][0]["pools"][0]["servers"] = json!([]);
    let (stderr, text) = rejected(&ws, &topology);
    let line = line_of(&text, "\"servers\": []", 0);
    assert!(
        stderr.contains(&format!(":{line}:"))
            && stderr.contains(
                "$.sites[0].pools[0].servers: an Enterprise pool needs at least one server"
            ),
        "{stderr}"
    );
}

#[test]
fn association_to_missing_pool() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sites"][0]["pools"][2]["associated_pool"] = json!("pool99.contoso.com");
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains("$.sites[0].pools[2].associated_pool: associated pool pool99.contoso.com does not exist in the topology"),
        "{stderr}"
    );
}

#[test]
fn no_default_sip_domain() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sip_domains"][0]["default"] = json!(false);
    let (stderr, text) = rejected(&ws, &topology);
    let line = line_of(&text, "\"sip_domains\"", 0);
    assert!(
        stderr.contains(&format!(
            "bad.json:{line}:18: $.sip_domains: no default SIP domain; mark exactly one with \"default\": true"
        )),
        "{stderr}"
    );
}

#[test]
fn invalid_dns_names_are_named() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sites"][0]["pools"][0]["servers"][1]["fqdn"] = json!("fe_02.contoso.com");
    topology["sites"][0]["pools"][0]["web_services"]["external_fqdn"] = json!("webpool01");
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains("$.sites[0].pools[0].servers[1].fqdn: invalid DNS name: \"fe_02.contoso.com\" contains '_'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("$.sites[0].pools[0].web_services.external_fqdn: invalid DNS name: \"webpool01\" is not a fully qualified name"),
        "{stderr}"
    );
}

#[test]
fn ports_out_of_range() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sites"][0]["pools"][0]["web_services"]["external_port"] = json!(70000);
    topology["sites"][0]["pools"][0]["web_services"]["internal_port"] = json!(0);
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains(
            "$.sites[0].pools[0].web_services.external_port: port 70000 is out of range (1-65535)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "$.sites[0].pools[0].web_services.internal_port: port 0 is out of range (1-65535)"
        ),
        "{stderr}"
    );
}

#[test]
fn the_web_services_http_port_needs_its_own_port() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    let web = &mut topology["sites"][0]["pools"][0]["web_services"];
    web["http_port"] = web["internal_port"].clone();
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains("$.sites[0].pools[0].web_services.http_port: the web services' HTTP port 443 is also one of their HTTPS ports; each needs its own"),
        "{stderr}"
    );
    topology["sites"][0]["pools"][0]["web_services"]["http_port"] = json!(99999);
    let (stderr, _) = rejected(&ws, &topology);
    assert!(
        stderr.contains(
            "$.sites[0].pools[0].web_services.http_port: port 99999 is out of range (1-65535)"
        ),
        "{stderr}"
    );
    topology["sites"][0]["pools"][0]["web_services"]["http_port"] = json!(80);
    let file = ws.write("ok.json", &topology.to_string());
    ws.run(&["topology", "validate", file.to_str().unwrap()])
        .ok();
}

#[test]
fn every_problem_is_listed_at_once_in_json() {
    let ws = Workspace::new();
    let mut topology = sample("enterprise.json");
    topology["sip_domains"][0]["default"] = json!(false);
    topology["sites"][0]["pools"][2]["associated_pool"] = json!("nowhere.contoso.com");
    topology["sites"][0]["pools"][0]["web_services"]["external_port"] = json!(99999);
    let text = serde_json::to_string_pretty(&topology).unwrap();
    let file = ws.write("bad.json", &text);
    let ran = ws
        .run(&["--json", "topology", "validate", file.to_str().unwrap()])
        .expect_code(2);
    let out = ran.json();
    assert_eq!(out["exit_code"], 2);
    let problems = out["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems
            .iter()
            .all(|p| p["line"].as_u64().is_some() && p["column"].as_u64().is_some())
    );
    assert!(ran.stderr.contains("(3 problems)"), "{}", ran.stderr);
}

#[test]
fn names_are_canonicalised_lower_case_and_punycode() {
    let ws = Workspace::new();
    let mut topology = sample("standard-edition.json");
    topology["sip_domains"] = json!([{ "name": "Bücher.example", "default": true }]);
    let file = ws.write(
        "idn.json",
        &serde_json::to_string_pretty(&topology).unwrap(),
    );
    let ran = ws
        .run(&[
            "--json",
            "topology",
            "show",
            "--file",
            file.to_str().unwrap(),
            "--server",
            "SE01.CONTOSO.COM",
        ])
        .ok();
    let out = ran.json();
    assert_eq!(out["server"]["server"], "se01.contoso.com");
    assert_eq!(out["sip_domains"][0]["name"], "xn--bcher-kva.example");
}

#[test]
fn missing_file_is_bad_input() {
    let ws = Workspace::new();
    let ran = ws
        .run(&["topology", "validate", "/nonexistent/topology.json"])
        .expect_code(2);
    assert!(
        ran.stderr
            .contains("cannot read the topology file /nonexistent/topology.json"),
        "{}",
        ran.stderr
    );
}

#[test]
fn show_finds_this_server_by_short_name_and_lists_roles() {
    let mut ws = Workspace::new();
    ws.fqdn = "fe02".into(); // a container without a domain part
    let file = asset("topology/enterprise.json");
    let out = ws
        .run(&[
            "--json",
            "topology",
            "show",
            "--file",
            file.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert_eq!(out["server"]["server"], "fe02.contoso.com");
    assert_eq!(out["server"]["pool"], "pool01.contoso.com");
    assert_eq!(out["server"]["matched_by"], "short host name");
    assert_eq!(out["server"]["roles"], json!(["FrontEnd", "WebServices"]));
    let out = ws
        .run(&[
            "--json",
            "topology",
            "show",
            "--file",
            file.to_str().unwrap(),
            "--server",
            "edge01.contoso.com",
        ])
        .ok()
        .json();
    assert_eq!(out["server"]["roles"], json!(["Edge"]));
    assert_eq!(out["server"]["associated_pool"], "pool01.contoso.com");
}

#[test]
fn show_without_replica_says_to_run_step_1() {
    let ws = Workspace::new();
    let ran = ws.run(&["topology", "show"]).expect_code(2);
    assert!(ran.stderr.contains("run step 1 first"), "{}", ran.stderr);
}

#[test]
fn schema_file_matches_the_model() {
    let ws = Workspace::new();
    let ran = ws.run(&["topology", "schema"]).ok();
    let committed = std::fs::read_to_string(asset("topology.schema.json")).unwrap();
    assert_eq!(
        ran.stdout, committed,
        "assets/topology.schema.json is stale: run `cargo run -- topology schema > assets/topology.schema.json`"
    );
}

/// `topology inventory` in both formats, read back by Ansible's own `ansible-inventory`: the
/// same hosts, groups and variables either way; the CMS host alone in `cms`; an unknown CMS
/// server refused with its path.
#[test]
fn inventory_is_read_by_ansible_in_both_formats() {
    let ws = Workspace::new();
    let sample_file = asset("topology/enterprise.json");
    let mut listed = Vec::new();
    for format in ["ini", "yaml"] {
        let text = ws
            .run(&[
                "topology",
                "inventory",
                "--file",
                sample_file.to_str().unwrap(),
                "--format",
                format,
            ])
            .ok()
            .stdout;
        let file = ws.write(&format!("inventory.{format}"), &text);
        let out = common::output_within(
            std::process::Command::new("ansible-inventory")
                .args(["-i", file.to_str().unwrap(), "--list"])
                .env("ANSIBLE_LOCAL_TEMP", ws.path("ansible-tmp"))
                .env("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true"),
            common::CLIENT_LIMIT,
        );
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        listed.push(serde_json::from_slice::<Value>(&out.stdout).unwrap());
    }
    assert_eq!(listed[0], listed[1], "INI and YAML give the same inventory");
    let list = &listed[0];
    let hosts = |group: &str| list[group]["hosts"].clone();
    assert_eq!(
        hosts("pool_pool01_contoso_com"),
        json!(["fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com"])
    );
    assert_eq!(hosts("cms"), json!(["sql01.contoso.com"]));
    assert_eq!(hosts("role_backend"), json!(["sql01.contoso.com"]));
    assert_eq!(hosts("role_edge"), json!(["edge01.contoso.com"]));
    assert_eq!(hosts("site_redmond").as_array().unwrap().len(), 6);
    let vars = &list["_meta"]["hostvars"];
    assert_eq!(vars["fe02.contoso.com"]["dw_pool"], "pool01.contoso.com");
    assert_eq!(vars["fe02.contoso.com"]["dw_pool_size"], 3);
    assert_eq!(vars["fe02.contoso.com"]["dw_cms_host"], false);
    assert_eq!(vars["sql01.contoso.com"]["dw_cms_host"], true);
    assert_eq!(
        vars["fe02.contoso.com"]["dw_cms_url"],
        "https://sql01.contoso.com:8443/"
    );

    let mut bad = sample("enterprise.json");
    bad["central_management_store"]["server"] = json!("sql99.contoso.com");
    let (stderr, _) = rejected(&ws, &bad);
    assert!(
        stderr.contains("$.central_management_store.server")
            && stderr.contains("sql99.contoso.com is not a server of the topology"),
        "{stderr}"
    );
}
