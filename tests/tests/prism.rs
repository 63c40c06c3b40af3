//! Wire correctness against an independent server: Prism (`swagen_e2e::prism`) mocks `tests/specs/petstore.yaml`
//! and `tests/specs/docker.yaml`, validating every request against the spec, and the generated clients
//! (`swagen_clients::{petstore, docker}`) call every operation of both specs with valid arguments (required
//! parameters and body fields, and many optional ones, so each kind of encoding is sent).
//!
//! Each call must be accepted by Prism: no `sl-violations` about the request, no 422 / 401 / 404 problem of
//! Prism's, no `Request did not pass the validation rules` in Prism's log for that call. All the calls run, then
//! one assertion lists every rejected operation with Prism's reasons. A 2xx answer the client cannot decode is
//! not a request problem: it is listed as a decode error (with Prism's response violations: the Docker spec's
//! examples often break its own schemas) but does not fail the test.
//!
//! The harness (making the calls, judging them, the summary) is `swagen_e2e::prism::calls`, shared with
//! `tests/prism_livechat.rs`.
//!
//! Needs Prism: `bash scripts/prism.sh` (CI runs it); `SWAGEN_SKIP_PRISM=1` skips. Run with
//! `cargo test -p swagen-e2e --test prism -- --nocapture` to see the summary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use swagen_e2e::prism::calls::{answer, calls, check, check_controls, run, snake, Known};
use swagen_e2e::prism::{self, Prism};
use swagen_runtime::Method;

/// Every operation of `spec` is in the list, once (labels after `+` aside), named as the generator names them
/// (snake case of the operationId).
fn check_coverage(spec: &str, labels: &[&str]) {
    let text = std::fs::read_to_string(prism::workspace_root().join(spec)).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut expected = BTreeSet::new();
    for (_, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            if method.as_str() == Some("parameters") {
                continue;
            }
            expected.insert(snake(op["operationId"].as_str().unwrap()));
        }
    }
    let called: BTreeSet<String> = labels.iter().map(|l| l.split('+').next().unwrap().to_owned()).collect();
    let missing: Vec<_> = expected.difference(&called).collect();
    let extra: Vec<_> = called.difference(&expected).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{spec}: operations not called: {missing:?}; unknown: {extra:?}");
    let mut seen = BTreeSet::new();
    let twice: Vec<_> = labels.iter().filter(|l| !seen.insert(**l)).collect();
    assert!(twice.is_empty(), "labels used twice: {twice:?}");
}

fn start(spec: &str) -> Option<Prism> {
    prism::start(spec).unwrap_or_else(|e| panic!("{e}"))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

// ---------------------------------------------------------------------------------------------------------------
// petstore

mod petstore_calls {
    use swagen_clients::petstore::types::{Category, Order, OrderStatus, Pet, PetStatus, Tag, User};
    use swagen_runtime::FilePart;

    pub fn pet() -> Pet {
        Pet {
            id: Some(10),
            category: Some(Category { id: Some(1), name: Some("Dogs".into()) }),
            name: "doggie".into(),
            photo_urls: vec!["https://example.com/photos/doggie.png".into()],
            tags: Some(vec![Tag { id: Some(7), name: Some("friendly".into()) }]),
            status: Some(PetStatus::Available),
        }
    }

    pub fn user(name: &str) -> User {
        User {
            id: Some(42),
            username: Some(name.into()),
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            email: Some("ada@example.com".into()),
            password: Some("s3cret & more".into()),
            phone: Some("+44 20 7946 0000".into()),
            user_status: Some(1),
        }
    }

    pub fn order() -> Order {
        Order {
            id: Some(3),
            pet_id: Some(10),
            quantity: Some(2),
            ship_date: Some("2024-05-06T07:08:09Z".parse().unwrap()),
            status: Some(OrderStatus::Placed),
            complete: Some(false),
        }
    }

    pub fn file() -> FilePart {
        FilePart::new("doggie.png", b"\x89PNG\r\n\x1a\nnot really a png".to_vec()).content_type("image/png")
    }
}

/// `tests/specs/petstore.yaml` with a global `consumes: [application/json]`. The spec gives no `consumes` for
/// the operations that take a JSON body (placeOrder, createUser, createUsersWith*, updateUser), and Prism 5 then
/// refuses any body ("No supported content types, but request included a non-empty body") without looking at
/// it; Swagger 2.0 has no default there, and the client sends JSON, as clients do. With the global `consumes`,
/// Prism validates those bodies too.
fn petstore_spec() -> String {
    let original = std::fs::read_to_string(prism::workspace_root().join("tests/specs/petstore.yaml")).unwrap();
    assert!(original.contains("\nbasePath: /v2\n") && !original.contains("\nconsumes:"), "petstore.yaml changed");
    let patched = original.replace("\nbasePath: /v2\n", "\nbasePath: /v2\nconsumes:\n  - application/json\n");
    let dir = prism::workspace_root().join("target/prism/specs");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("petstore-consumes-json.yaml");
    std::fs::write(&path, patched).unwrap();
    path.to_string_lossy().into_owned()
}

/// `tests/specs/docker.yaml` with `/build` made consistent. The spec says `consumes: [application/octet-stream]`
/// but its `Content-type` header parameter allows only `application/x-tar`, and Prism checks the request's
/// Content-Type against both, so no client can pass it. Prism's copy allows both types in both places.
fn docker_spec() -> String {
    let original = std::fs::read_to_string(prism::workspace_root().join("tests/specs/docker.yaml")).unwrap();
    let consumes = "      operationId: \"ImageBuild\"\n      consumes:\n        - \"application/octet-stream\"\n";
    let header = "        - name: \"Content-type\"\n          in: \"header\"\n          type: \"string\"\n          enum:\n            - \"application/x-tar\"\n";
    assert!(original.contains(consumes) && original.contains(header), "docker.yaml changed");
    let patched = original
        .replace(consumes, &format!("{consumes}        - \"application/x-tar\"\n"))
        .replace(header, &format!("{header}            - \"application/octet-stream\"\n"));
    let dir = prism::workspace_root().join("target/prism/specs");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("docker-build-consistent.yaml");
    std::fs::write(&path, patched).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test]
#[allow(deprecated)] // find_pets_by_tags
async fn petstore_every_operation_is_accepted_by_prism() {
    use petstore_calls::*;
    use swagen_clients::petstore::*;
    #[allow(unused_imports)] // the client module re-exports the runtime's `Call`; here `Call` is the harness's
    use swagen_e2e::prism::calls::Call;

    const SPEC: &str = "tests/specs/petstore.yaml";
    const KNOWN: Known = &[];
    if prism::skipped() {
        eprintln!("note: {}=1: skipping the Prism test on {SPEC}", prism::SKIP_ENV);
        return;
    }
    let Some(prism) = start(&petstore_spec()) else { return };

    // Controls: requests Prism must reject, so a harness that sees no rejection at all cannot pass.
    let anonymous = Client::with_base_url(prism.base_url());
    let with_base_path = Client::with_base_url(format!("{}/v2", prism.base_url())).api_key("special-key");
    let mut controls = calls!(anonymous; "no-api-key" => get_pet_by_id(10););
    controls.extend(calls!(with_base_path; "base-path-in-url" => get_pet_by_id(10);));
    check_controls(SPEC, &run(&prism, "controls", controls).await);

    // petstore_auth (OAuth 2) is a bearer token; api_key is the `api_key` header.
    let c = Client::with_base_url(prism.base_url()).bearer_auth("test-token").api_key("special-key");
    let calls = calls!(c;
        update_pet(&UpdatePetParams::new(pet()));
        add_pet(&AddPetParams::new(pet()));
        find_pets_by_status(&FindPetsByStatusParams::new(vec!["available".into(), "sold".into()]));
        find_pets_by_tags(&FindPetsByTagsParams::new(vec!["tag1".into(), "tag two".into()]));
        get_pet_by_id(10);
        update_pet_with_form(10, &UpdatePetWithFormParams::new().name("doggie & co").status("sold"));
        delete_pet(10, &DeletePetParams::new().api_key("special-key"));
        upload_file(10, &UploadFileParams::new().additional_metadata("a photo").file(file()));
        get_inventory();
        place_order(&PlaceOrderParams::new(order()));
        get_order_by_id(5);
        delete_order("5");
        create_user(&CreateUserParams::new(user("ada")));
        create_users_with_array_input(&CreateUsersWithArrayInputParams::new(vec![user("ada"), user("grace")]));
        create_users_with_list_input(&CreateUsersWithListInputParams::new(vec![user("ada")]));
        login_user(&LoginUserParams::new("ada", "s3cret & more"));
        logout_user();
        get_user_by_name("user1");
        update_user("ada", &UpdateUserParams::new(user("ada")));
        delete_user("ada");
    );
    check_coverage(SPEC, &calls.iter().map(|(l, _)| *l).collect::<Vec<_>>());
    let report = run(&prism, "calls", calls).await;
    check("petstore", &report, KNOWN);
}

// ---------------------------------------------------------------------------------------------------------------
// Docker

mod docker_values {
    use super::{map, strings};
    use swagen_clients::docker::types::*;
    use swagen_runtime::Nullable;

    pub const CONTAINER: &str = "4fa6e0f0c678";
    pub const IMAGE: &str = "alpine:3.20";
    /// base64url of `{"username":"ada","password":"secret","serveraddress":"registry.example.com"}`
    pub const REGISTRY_AUTH: &str =
        "eyJ1c2VybmFtZSI6ImFkYSIsInBhc3N3b3JkIjoic2VjcmV0Iiwic2VydmVyYWRkcmVzcyI6InJlZ2lzdHJ5LmV4YW1wbGUuY29tIn0=";
    /// Not a real tar: the spec types these bodies as binary, nothing looks inside.
    pub fn tar() -> swagen_runtime::Upload {
        b"hello.txt\0\0\0\0\0\0\0\0\0\0\0\0\0\x01\x02\xff binary tar-ish bytes".to_vec().into()
    }
    pub fn filters() -> String {
        r#"{"label":["com.example.team=web"],"dangling":["true"]}"#.to_owned()
    }

    pub fn container_config() -> ContainerConfig {
        ContainerConfig {
            image: Some(IMAGE.into()),
            cmd: Some(strings(&["sh", "-c", "echo hello && sleep 1"])),
            env: Some(strings(&["A=1", "B=two words"])),
            labels: Some(map(&[("com.example.team", "web")])),
            working_dir: Some("/srv".into()),
            tty: Some(false),
            ..Default::default()
        }
    }

    pub fn host_config() -> HostConfig {
        HostConfig {
            memory: Some(256 * 1024 * 1024),
            cpu_shares: Some(512),
            binds: Some(strings(&["/srv/data:/data:ro"])),
            port_bindings: Some(
                [(
                    "80/tcp".to_owned(),
                    Some(vec![PortBinding { host_ip: Some("127.0.0.1".into()), host_port: Some("8080".into()) }]),
                )]
                .into_iter()
                .collect(),
            ),
            restart_policy: Some(RestartPolicy {
                name: Some(RestartPolicyName::UnlessStopped),
                maximum_retry_count: None,
            }),
            cap_add: Some(strings(&["NET_ADMIN"])),
            log_config: Some(HostConfigLogConfig {
                r#type: Some(HostConfigLogConfigType::JsonFile),
                config: Some(map(&[("max-size", "10m")])),
            }),
            ulimits: Some(vec![HostConfigUlimitsItem {
                name: Some("nofile".into()),
                soft: Some(1024),
                hard: Some(2048),
            }]),
            auto_remove: Some(false),
            mounts: Some(vec![mount()]),
            ..Default::default()
        }
    }

    /// A volume mount, without its `Type` (see [`mount_with_type`]).
    pub fn mount() -> Mount {
        Mount {
            target: Some("/data".into()),
            source: Some("data".into()),
            read_only: Some(true),
            consistency: Some("cached".into()),
            ..Default::default()
        }
    }

    /// A mount with its `Type`. `Mount.Type` is `allOf: [{$ref: MountType}]` (a string enum) plus a description;
    /// the generator makes it an empty struct (`{}` on the wire), so no valid type can be given.
    pub fn mount_with_type() -> Mount {
        Mount { r#type: Some(MountType::Volume), ..mount() }
    }

    pub fn container_create_body() -> ContainerCreateBody {
        let config = container_config();
        ContainerCreateBody {
            image: config.image,
            cmd: config.cmd,
            env: config.env,
            labels: config.labels,
            exposed_ports: Nullable::Value([("80/tcp".to_owned(), BTreeMap::new())].into_iter().collect()),
            healthcheck: Some(HealthConfig {
                test: Some(strings(&["CMD-SHELL", "true"])),
                interval: Some(1_000_000_000),
                retries: Some(3),
                ..Default::default()
            }),
            host_config: Some(host_config()),
            networking_config: Some(NetworkingConfig {
                endpoints_config: Some(
                    [(
                        "bridge".to_owned(),
                        EndpointSettings { aliases: Some(strings(&["web"])), ..Default::default() },
                    )]
                    .into_iter()
                    .collect(),
                ),
            }),
            ..Default::default()
        }
    }

    use std::collections::BTreeMap;

    pub fn swarm_spec() -> SwarmSpec {
        SwarmSpec {
            name: Some("default".into()),
            labels: Some(map(&[("com.example.env", "test")])),
            orchestration: Nullable::Value(SwarmSpecOrchestration { task_history_retention_limit: Some(10) }),
            raft: Some(SwarmSpecRaft {
                snapshot_interval: Some(10000),
                election_tick: Some(3),
                heartbeat_tick: Some(1),
                ..Default::default()
            }),
            dispatcher: Nullable::Value(SwarmSpecDispatcher { heartbeat_period: Some(5_000_000_000) }),
            encryption_config: Some(SwarmSpecEncryptionConfig { auto_lock_managers: Some(false) }),
            ..Default::default()
        }
    }

    pub fn task_template() -> TaskSpec {
        TaskSpec {
            container_spec: Some(TaskSpecContainerSpec {
                image: Some(IMAGE.into()),
                command: Some(strings(&["sh"])),
                args: Some(strings(&["-c", "sleep 3600"])),
                env: Some(strings(&["A=1"])),
                ..Default::default()
            }),
            restart_policy: Some(TaskSpecRestartPolicy {
                condition: Some(TaskSpecRestartPolicyCondition::OnFailure),
                max_attempts: Some(3),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    pub fn endpoint_spec() -> EndpointSpec {
        EndpointSpec {
            mode: Some(EndpointSpecMode::Vip),
            ports: Some(vec![EndpointPortConfig {
                protocol: Some(EndpointPortConfigProtocol::Tcp),
                target_port: Some(80),
                published_port: Some(8080),
                publish_mode: Some(EndpointPortConfigPublishMode::Ingress),
                ..Default::default()
            }]),
        }
    }

    pub fn plugin_privileges() -> Vec<PluginPrivilege> {
        vec![PluginPrivilege {
            name: Some("network".into()),
            description: Some("permissions to access a network".into()),
            value: Some(strings(&["host"])),
        }]
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn docker_every_operation_is_accepted_by_prism() {
    use docker_values::*;
    use swagen_clients::docker::types::*;
    use swagen_clients::docker::*;
    // The client module re-exports the runtime's `Call` (for hooks); here `Call` is the harness's.
    use swagen_e2e::prism::calls::Call;

    const SPEC: &str = "tests/specs/docker.yaml";
    const KNOWN: Known = &[];
    let Some(prism) = start(&docker_spec()) else { return };
    let c = Client::with_base_url(prism.base_url());

    // Controls: requests Prism must reject, so a harness that sees no rejection at all cannot pass.
    let raw = |method: Method, path: &str| c.config().request(method, path.to_owned());
    let with_base_path = Client::with_base_url(format!("{}/v1.56", prism.base_url()));
    let controls: Vec<(&str, Call<'_>)> = vec![
        (
            "resize-without-h-w",
            Box::pin(async { answer!(raw(Method::POST, "/containers/c1/resize").send_json::<Value, Value>().await) }),
        ),
        (
            "network-name-not-a-string",
            Box::pin(async {
                let request = raw(Method::POST, "/networks/create").json(&json!({"Name": 5}));
                answer!(request.send_json::<Value, Value>().await)
            }),
        ),
        ("base-path-in-url", Box::pin(async { answer!(with_base_path.system_ping().await) })),
    ];
    check_controls(SPEC, &run(&prism, "controls", controls).await);

    let calls = calls!(c;
        // containers
        container_list(&ContainerListParams::new().all(true).limit(10).size(false).filters(filters()));
        container_create(&ContainerCreateParams::new(container_create_body()).name("web-1").platform("linux/amd64"));
        "mount-type" => container_create(&ContainerCreateParams::new(ContainerCreateBody {
            image: Some(IMAGE.into()),
            host_config: Some(HostConfig { mounts: Some(vec![mount_with_type()]), ..Default::default() }),
            ..Default::default()
        })
        .name("web-mount"));
        container_inspect(CONTAINER, &ContainerInspectParams::new().size(true));
        container_top(CONTAINER, &ContainerTopParams::new().ps_args("-ef"));
        container_logs(CONTAINER, &ContainerLogsParams::new()
            .stdout(true)
            .stderr(true)
            .since(1_700_000_000)
            .timestamps(true)
            .tail("all"));
        container_changes(CONTAINER);
        container_export(CONTAINER);
        container_stats(CONTAINER, &ContainerStatsParams::new().stream(false).one_shot(true));
        container_resize(CONTAINER, &ContainerResizeParams::new(40, 120));
        container_start(CONTAINER, &ContainerStartParams::new().detach_keys("ctrl-p,ctrl-q"));
        container_stop(CONTAINER, &ContainerStopParams::new().signal("SIGTERM").t(10));
        container_restart(CONTAINER, &ContainerRestartParams::new().signal("SIGTERM").t(5));
        container_kill(CONTAINER, &ContainerKillParams::new().signal("SIGKILL"));
        container_update(CONTAINER, &ContainerUpdateParams::new(ContainerUpdateBody {
            memory: Some(512 * 1024 * 1024),
            cpu_shares: Some(1024),
            pids_limit: Nullable::Value(100),
            restart_policy: Some(RestartPolicy { name: Some(RestartPolicyName::OnFailure), maximum_retry_count: Some(3) }),
            ulimits: Some(vec![ContainerUpdateBodyUlimitsItem { name: Some("nofile".into()), soft: Some(1024), hard: Some(2048) }]),
            ..Default::default()
        }));
        container_rename(CONTAINER, &ContainerRenameParams::new("web-2"));
        container_pause(CONTAINER);
        container_unpause(CONTAINER);
        container_attach(CONTAINER, &ContainerAttachParams::new().logs(true).stream(false).stdout(true).stderr(true));
        container_attach_websocket(CONTAINER, &ContainerAttachWebsocketParams::new()
            .detach_keys("ctrl-p,ctrl-q")
            .stream(true)
            .stdin(false));
        container_wait(CONTAINER, &ContainerWaitParams::new().condition("not-running".into()));
        container_delete(CONTAINER, &ContainerDeleteParams::new().v(true).force(true).link(false));
        container_archive(CONTAINER, &ContainerArchiveParams::new("/etc/hostname"));
        put_container_archive(CONTAINER, &PutContainerArchiveParams::new("/tmp/upload dir", tar())
            .no_overwrite_dir_non_dir("true")
            .copy_uidgid("1"));
        container_archive_info(CONTAINER, &ContainerArchiveInfoParams::new("/etc/hostname"));
        container_prune(&ContainerPruneParams::new().filters(r#"{"until":["10m"]}"#));
        container_exec(CONTAINER, &ContainerExecParams::new(ContainerExecBody {
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            cmd: Some(strings(&["date", "-u"])),
            env: Some(strings(&["TZ=UTC"])),
            tty: Some(false),
            console_size: Nullable::Value(vec![24, 80]),
            ..Default::default()
        }));
        // images
        image_list(&ImageListParams::new().all(false).filters(filters()).shared_size(true).digests(true));
        image_build(&ImageBuildParams::new()
            .dockerfile("Dockerfile")
            .t("example/web:latest")
            .q(true)
            .pull("1")
            .cpusetcpus("0-1")
            .shmsize(64 << 20)
            .networkmode("host")
            .target("release")
            .x_registry_config(REGISTRY_AUTH)
            .version("2".into())
            .input_stream(tar()));
        "content-type" => image_build(&ImageBuildParams::new()
            .dockerfile("Dockerfile")
            .t("example/web:latest")
            .q(true)
            .nocache(true)
            .rm(true)
            .memory(1 << 30)
            .buildargs(r#"{"VERSION":"1.2"}"#)
            .labels(r#"{"com.example.team":"web"}"#)
            .content_type("application/x-tar".into())
            .platform("linux/amd64")
            .version("1".into())
            .input_stream(tar()));
        build_prune(&BuildPruneParams::new().all(true).reserved_space(1 << 20));
        image_create(&ImageCreateParams::new()
            .from_image("alpine")
            .tag("3.20")
            .platform("linux/amd64")
            .x_registry_auth(REGISTRY_AUTH));
        image_inspect(IMAGE, &ImageInspectParams::new().manifests(true));
        image_attestations(IMAGE, &ImageAttestationsParams::new()
            .platform(strings(&[r#"{"os":"linux","architecture":"amd64"}"#, r#"{"os":"linux","architecture":"arm64"}"#]))
            .r#type(strings(&["https://slsa.dev/provenance/v1"]))
            .statement(true));
        image_history(IMAGE, &ImageHistoryParams::new().platform(r#"{"os":"linux","architecture":"amd64"}"#));
        image_push("registry.example.com/web", &ImagePushParams::new(REGISTRY_AUTH).tag("v1"));
        image_tag(IMAGE, &ImageTagParams::new().repo("example/web").tag("v1"));
        image_delete(IMAGE, &ImageDeleteParams::new().force(true).noprune(false));
        image_search(&ImageSearchParams::new("alpine").limit(5).filters(r#"{"is-official":["true"]}"#));
        image_prune(&ImagePruneParams::new().filters(r#"{"dangling":["false"]}"#));
        image_commit(&ImageCommitParams::new()
            .container(CONTAINER)
            .repo("example/web")
            .tag("snapshot")
            .comment("a snapshot")
            .author("Ada <ada@example.com>")
            .pause(true)
            .changes("CMD [\"sh\"]")
            .container_config(container_config()));
        image_get(IMAGE, &ImageGetParams::new().platform(strings(&[r#"{"os":"linux","architecture":"amd64"}"#])));
        image_get_all(&ImageGetAllParams::new().names(strings(&["alpine:3.20", "busybox"])));
        image_load(&ImageLoadParams::new().quiet(true).images_tarball(tar()));
        distribution_inspect(IMAGE);
        // system
        system_auth(&SystemAuthParams::new()
            .auth_config(AuthConfig {
                username: Some("ada".into()),
                password: Some("secret".into()),
                serveraddress: Some("https://index.docker.io/v1/".into()),
            }));
        system_info();
        system_version();
        system_ping();
        system_ping_head();
        system_events(&SystemEventsParams::new()
            .since("1700000000")
            .until("1700003600")
            .filters(r#"{"type":["container"]}"#));
        system_data_usage(&SystemDataUsageParams::new().r#type(vec!["container".into(), "image".into()]).verbose(true));
        session();
        // exec
        exec_start("exec-1", &ExecStartParams::new()
            .exec_start_config(ExecStartBody { detach: Some(false), tty: Some(false), console_size: Nullable::Value(vec![24, 80]) }));
        exec_resize("exec-1", &ExecResizeParams::new(24, 80));
        exec_inspect("exec-1");
        // volumes
        volume_list(&VolumeListParams::new().filters(r#"{"dangling":["true"]}"#));
        volume_create(&VolumeCreateParams::new(VolumeCreateRequest {
            name: Some("data".into()),
            driver: Some("local".into()),
            driver_opts: Some(map(&[("type", "tmpfs"), ("device", "tmpfs")])),
            labels: Some(map(&[("com.example.team", "web")])),
            ..Default::default()
        }));
        volume_inspect("data");
        volume_update("data", &VolumeUpdateParams::new(3)
            .body(VolumeUpdateBody { spec: Some(ClusterVolumeSpec { group: Some("g1".into()), ..Default::default() }) }));
        volume_delete("data", &VolumeDeleteParams::new().force(true));
        volume_prune(&VolumePruneParams::new().filters(r#"{"label":["keep!=true"]}"#));
        // networks
        network_list(&NetworkListParams::new().filters(r#"{"driver":["bridge"]}"#));
        network_inspect("net-1", &NetworkInspectParams::new().verbose(true).scope("local"));
        network_delete("net-1");
        network_create(&NetworkCreateParams::new(NetworkCreateBody {
            name: "backend".into(),
            driver: Some("bridge".into()),
            internal: Some(true),
            attachable: Some(true),
            enable_ipv6: Some(false),
            ipam: Some(Ipam {
                driver: Some("default".into()),
                config: Some(vec![IpamConfig { subnet: Some("172.20.0.0/16".into()), gateway: Some("172.20.0.1".into()), ..Default::default() }]),
                options: None,
            }),
            options: Some(map(&[("com.docker.network.bridge.enable_icc", "true")])),
            labels: Some(map(&[("com.example.team", "web")])),
            scope: None,
            ingress: None,
            config_only: None,
            config_from: None,
            enable_ipv4: None,
        }));
        network_connect("net-1", &NetworkConnectParams::new(NetworkConnectRequest {
            container: CONTAINER.into(),
            endpoint_config: Nullable::Value(EndpointSettings { aliases: Some(strings(&["db"])), ..Default::default() }),
        }));
        network_disconnect("net-1", &NetworkDisconnectParams::new(NetworkDisconnectRequest { container: CONTAINER.into(), force: Some(true) }));
        network_prune(&NetworkPruneParams::new().filters(r#"{"until":["24h"]}"#));
        // plugins
        plugin_list(&PluginListParams::new().filters(r#"{"capability":["volumedriver"]}"#));
        get_plugin_privileges(&GetPluginPrivilegesParams::new("vieux/sshfs:latest"));
        plugin_pull(&PluginPullParams::new("vieux/sshfs:latest")
            .name("sshfs")
            .x_registry_auth(REGISTRY_AUTH)
            .body(plugin_privileges()));
        plugin_inspect("sshfs");
        plugin_delete("sshfs", &PluginDeleteParams::new().force(true));
        plugin_enable("sshfs", &PluginEnableParams::new().timeout(0));
        plugin_disable("sshfs", &PluginDisableParams::new().force(false));
        plugin_upgrade("sshfs", &PluginUpgradeParams::new("vieux/sshfs:next")
            .x_registry_auth(REGISTRY_AUTH)
            .body(plugin_privileges()));
        plugin_create(&PluginCreateParams::new("sshfs").tar_context(tar()));
        plugin_push("sshfs");
        plugin_set("sshfs", &PluginSetParams::new().body(strings(&["DEBUG=1"])));
        // swarm
        node_list(&NodeListParams::new().filters(r#"{"role":["manager"]}"#));
        node_inspect("node-1");
        node_delete("node-1", &NodeDeleteParams::new().force(true));
        node_update("node-1", &NodeUpdateParams::new(8)
            .body(NodeSpec {
                name: Some("node-1".into()),
                labels: Some(map(&[("zone", "a")])),
                role: Some(NodeSpecRole::Manager),
                availability: Some(NodeSpecAvailability::Drain),
            }));
        swarm_inspect();
        swarm_init(&SwarmInitParams::new(SwarmInitBody {
            listen_addr: Some("0.0.0.0:2377".into()),
            advertise_addr: Some("192.0.2.1:2377".into()),
            data_path_port: Some(4789),
            default_addr_pool: Some(strings(&["10.10.0.0/8"])),
            force_new_cluster: Some(false),
            subnet_size: Some(24),
            spec: Some(swarm_spec()),
            ..Default::default()
        }));
        swarm_join(&SwarmJoinParams::new(SwarmJoinBody {
            listen_addr: "0.0.0.0:2377".into(),
            advertise_addr: Some("192.0.2.2:2377".into()),
            data_path_addr: None,
            remote_addrs: strings(&["192.0.2.1:2377"]),
            join_token: "SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx".into(),
        }));
        swarm_leave(&SwarmLeaveParams::new().force(true));
        swarm_update(&SwarmUpdateParams::new(11, swarm_spec())
            .rotate_worker_token(false)
            .rotate_manager_token(false)
            .rotate_manager_unlock_key(true));
        swarm_unlockkey();
        swarm_unlock(&SwarmUnlockParams::new(SwarmUnlockBody { unlock_key: Some("SWMKEY-1-7c37Cc8654o6p38HnroywCi19pllOnGtbdZEgtKxZu8".into()) }));
        // services, tasks
        service_list(&ServiceListParams::new().filters(r#"{"mode":["replicated"]}"#).status(true));
        service_create(&ServiceCreateParams::new(ServiceCreateBody {
            name: Some("web".into()),
            labels: Some(map(&[("com.example.team", "web")])),
            task_template: Some(task_template()),
            mode: Some(ServiceCreateBodyMode { replicated: Some(ServiceCreateBodyModeReplicated { replicas: Some(2) }), ..Default::default() }),
            endpoint_spec: Some(endpoint_spec()),
            ..Default::default()
        })
        .x_registry_auth(REGISTRY_AUTH));
        service_inspect("web", &ServiceInspectParams::new().insert_defaults(true));
        service_delete("web");
        service_update("web", &ServiceUpdateParams::new(4, ServiceUpdateBody {
            name: Some("web".into()),
            task_template: Some(task_template()),
            mode: Some(ServiceUpdateBodyMode { replicated: Some(ServiceUpdateBodyModeReplicated { replicas: Some(3) }), ..Default::default() }),
            endpoint_spec: Some(endpoint_spec()),
            ..Default::default()
        })
        .registry_auth_from("spec".into())
        .x_registry_auth(REGISTRY_AUTH));
        service_logs("web", &ServiceLogsParams::new().stdout(true).details(true).since(0).tail("100"));
        task_list(&TaskListParams::new().filters(r#"{"desired-state":["running"]}"#));
        task_inspect("task-1");
        task_logs("task-1", &TaskLogsParams::new().stderr(true).timestamps(true).tail("10"));
        // secrets, configs
        secret_list(&SecretListParams::new().filters(r#"{"name":["app-key"]}"#));
        secret_create(&SecretCreateParams::new()
            .body(SecretCreateBody {
                name: Some("app-key".into()),
                labels: Some(map(&[("com.example.team", "web")])),
                data: Some("VEhJUyBJUyBOT1QgQSBSRUFMIENFUlRJRklDQVRFCg==".into()),
                ..Default::default()
            }));
        secret_inspect("app-key");
        secret_delete("app-key");
        secret_update("app-key", &SecretUpdateParams::new(2)
            .body(SecretSpec { name: Some("app-key".into()), labels: Some(map(&[("rotated", "yes")])), ..Default::default() }));
        config_list(&ConfigListParams::new().filters(r#"{"name":["nginx"]}"#));
        config_create(&ConfigCreateParams::new()
            .body(ConfigCreateBody {
                name: Some("nginx".into()),
                labels: Some(map(&[("com.example.team", "web")])),
                data: Some("c2VydmVyIHsgbGlzdGVuIDgwOyB9Cg==".into()),
                ..Default::default()
            }));
        config_inspect("nginx");
        config_delete("nginx");
        config_update("nginx", &ConfigUpdateParams::new(2)
            .body(ConfigSpec { name: Some("nginx".into()), labels: Some(map(&[("rotated", "yes")])), ..Default::default() }));
    );
    check_coverage(SPEC, &calls.iter().map(|(l, _)| *l).collect::<Vec<_>>());
    let report = run(&prism, "calls", calls).await;
    check("docker", &report, KNOWN);
}
