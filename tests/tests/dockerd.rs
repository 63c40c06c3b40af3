//! The generated Docker client (`tests/specs/docker-1.41.yaml` as published, with
//! `tests/overlays/docker-1.41.overlay.yaml`) against a real Docker daemon: Debian's `docker.io` 20.10 (API 1.41),
//! installed on first use and started on 127.0.0.1 by `swagen_e2e::dockerd` (its own folders, no bridge, no
//! firewall changes, stopped by PID).
//!
//! No registry is reachable, so the test's image is made here: a rootfs of a static busybox, imported with
//! `ImageCreate` (`fromSrc=-`, a tar body). Then it drives the client through the system, image, container, exec,
//! archive, volume, network, event, swarm, node, service, task, secret and config operations, each a real request
//! whose answer is decoded into the generated types. Every operation is listed with its outcome; the test fails when
//! any fails or fewer than 60 distinct operations ran.
//!
//! Selected with `cargo test -p swagen-e2e --test dockerd`; `SWAGEN_SKIP_DOCKERD=1` skips it (with a note).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use swagen_clients::docker_v1_41::{self as docker, types, Client};
use swagen_e2e::dockerd::Dockerd;
use swagen_runtime::{Config, Error, Nullable, Upload};

/// Every operation run, in order: its operationId and what happened.
#[derive(Default)]
struct Ledger {
    runs: Vec<(&'static str, Result<(), String>)>,
}

impl Ledger {
    /// Records the outcome of `operation`; `Some(value)` when it succeeded.
    fn record<T, E: std::fmt::Debug>(&mut self, operation: &'static str, result: Result<T, Error<E>>) -> Option<T> {
        match result {
            Ok(v) => {
                self.runs.push((operation, Ok(())));
                Some(v)
            }
            Err(e) => {
                self.runs.push((operation, Err(format!("{e} ({e:?})"))));
                None
            }
        }
    }

    /// Records a check on an answer (a typed field that must hold a value).
    fn check(&mut self, operation: &'static str, ok: bool, what: &str) {
        if !ok {
            self.runs.push((operation, Err(format!("check failed: {what}"))));
        }
    }
}

fn client(daemon: &Dockerd) -> Client {
    let http = swagen_runtime::http_client_builder().timeout(Duration::from_secs(120)).build().unwrap();
    Client::with_config(Config::new(format!("{}/v1.41", daemon.base_url)).http_client(http))
}

/// A tar of `dir`'s contents, made with the system's `tar`.
fn tar_of(dir: &Path, out: &Path) -> Vec<u8> {
    let status = Command::new("tar").arg("-C").arg(dir).arg("-cf").arg(out).arg(".").status().unwrap();
    assert!(status.success(), "tar failed");
    std::fs::read(out).unwrap()
}

/// A root file system of a static busybox: `/bin/busybox` and the applets the tests run.
fn rootfs_tar(daemon: &Dockerd) -> Vec<u8> {
    let dir = daemon.scratch("rootfs");
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    std::fs::copy(&daemon.busybox, dir.join("bin/busybox")).unwrap();
    for applet in ["sh", "echo", "cat", "ls", "sleep", "true", "mkdir", "ps", "top", "env"] {
        let _ = std::os::unix::fs::symlink("busybox", dir.join("bin").join(applet));
    }
    tar_of(&dir, &daemon.scratch("out").join("rootfs.tar"))
}

/// A build context: a Dockerfile from the imported image that writes a file.
fn build_context(daemon: &Dockerd) -> Vec<u8> {
    let dir = daemon.scratch("context");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM tiny:latest\nRUN echo built > /built.txt\nCMD [\"cat\", \"/built.txt\"]\n",
    )
    .unwrap();
    tar_of(&dir, &daemon.scratch("out").join("context.tar"))
}

/// One file, `hello.txt`, as a tar archive (for `PutContainerArchive`).
fn hello_tar(daemon: &Dockerd) -> Vec<u8> {
    let dir = daemon.scratch("hello");
    std::fs::write(dir.join("hello.txt"), "hello from swagen\n").unwrap();
    tar_of(&dir, &daemon.scratch("out").join("hello.tar"))
}

/// Docker's multiplexed stream (`application/vnd.docker.raw-stream` without a TTY): frames of an 8-byte header
/// (stream, 0, 0, 0, big-endian length) and the payload; the payloads joined.
fn demux(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    let mut rest = bytes;
    while rest.len() >= 8 {
        let len = u32::from_be_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        let end = (8 + len).min(rest.len());
        out.extend_from_slice(&rest[8..end]);
        rest = &rest[end..];
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generated_docker_client_against_a_real_dockerd() {
    let daemon = tokio::task::spawn_blocking(Dockerd::start).await.unwrap();
    let Some(daemon) = daemon.unwrap_or_else(|e| panic!("{e}")) else { return };
    let client = client(&daemon);
    let mut ledger = Ledger::default();

    system(&client, &mut ledger).await;
    let image = images(&client, &daemon, &mut ledger).await;
    let container = containers(&client, &daemon, &mut ledger, &image).await;
    exec(&client, &mut ledger, &container).await;
    archives(&client, &daemon, &mut ledger, &container).await;
    events(&client, &mut ledger).await;
    volumes(&client, &mut ledger).await;
    networks(&client, &mut ledger).await;
    swarm(&client, &mut ledger).await;
    cleanup(&client, &mut ledger, &container).await;

    let failed: Vec<String> =
        ledger.runs.iter().filter_map(|(op, r)| r.as_ref().err().map(|e| format!("{op}: {e}"))).collect();
    let distinct: std::collections::BTreeSet<&str> = ledger.runs.iter().map(|(op, _)| *op).collect();
    eprintln!("dockerd: {} calls, {} distinct operations, {} failed", ledger.runs.len(), distinct.len(), failed.len());
    for op in &distinct {
        let ok = ledger.runs.iter().filter(|(o, r)| o == op && r.is_ok()).count();
        let bad = ledger.runs.iter().filter(|(o, r)| o == op && r.is_err()).count();
        eprintln!("  {op}: {ok} ok{}", if bad > 0 { format!(", {bad} FAILED") } else { String::new() });
    }
    if !failed.is_empty() {
        panic!(
            "{} call(s) failed:\n{}\n\ndockerd log (end):\n{}",
            failed.len(),
            failed.join("\n"),
            tail(&daemon.log())
        );
    }
    assert!(distinct.len() >= 60, "only {} distinct operations ran", distinct.len());
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

async fn system(client: &Client, ledger: &mut Ledger) {
    let ping = ledger.record("SystemPing", client.system_ping().await);
    ledger.check("SystemPing", ping.is_some_and(|p| p.body == "OK"), "the answer is OK");
    ledger.record("SystemPingHead", client.system_ping_head().await);
    let version = ledger.record("SystemVersion", client.system_version().await);
    ledger.check("SystemVersion", version.is_some_and(|v| v.api_version.as_deref() == Some("1.41")), "ApiVersion 1.41");
    let info = ledger.record("SystemInfo", client.system_info().await);
    ledger.check("SystemInfo", info.is_some_and(|i| i.id.is_some()), "the daemon's ID");
    ledger.record("SystemDataUsage", client.system_data_usage().await);
    ledger.record("PluginList", client.plugin_list(&Default::default()).await);
}

async fn images(client: &Client, daemon: &Dockerd, ledger: &mut Ledger) -> String {
    // Import the rootfs: the body is a tar, sent as bytes (the spec's `consumes` lists text/plain first).
    let import = docker::ImageCreateParams::new()
        .from_src("-")
        .repo("tiny")
        .tag("latest")
        .changes(vec!["CMD [\"echo\", \"hello\"]".to_owned(), "ENV A=1,B=2".to_owned()])
        .input_image(Upload::from(rootfs_tar(daemon)));
    if let Some(answer) = ledger.record("ImageCreate", client.image_create(&import).await) {
        let lines = answer.into_inner().collect::<types::ErrorResponse>().await;
        ledger.check(
            "ImageCreate",
            lines.as_ref().is_ok_and(|l| l.iter().any(|i| i.status.is_some())),
            "progress lines",
        );
    }
    let inspect = ledger.record("ImageInspect", client.image_inspect("tiny:latest").await);
    let id = inspect.as_ref().and_then(|i| i.id.clone()).unwrap_or_default();
    ledger.check(
        "ImageInspect",
        inspect.as_ref().is_some_and(|i| {
            let config = i.config.as_ref();
            config.and_then(|c| c.env.as_ref()).is_some_and(|e| e.iter().any(|v| v == "A=1,B=2"))
        }),
        "the two changes applied, a comma inside one",
    );
    let list = ledger.record("ImageList", client.image_list(&Default::default()).await);
    ledger.check(
        "ImageList",
        list.is_some_and(|l| l.iter().any(|i| i.repo_tags.iter().any(|t| t == "tiny:latest"))),
        "tiny:latest listed (its null labels read as empty)",
    );
    ledger.record("ImageHistory", client.image_history("tiny:latest").await);
    let tag = docker::ImageTagParams::new().repo("tiny").tag("again");
    ledger.record("ImageTag", client.image_tag("tiny:latest", &tag).await);

    // Build from a context tar: the build's output arrives one JSON object per line.
    let build = docker::ImageBuildParams::new()
        .t("tiny-built:latest")
        .networkmode("none")
        .rm(true)
        .input_stream(Upload::from(build_context(daemon)));
    if let Some(answer) = ledger.record("ImageBuild", client.image_build(&build).await) {
        let lines = answer.into_inner().collect::<types::ErrorResponse>().await;
        let built = lines
            .as_ref()
            .is_ok_and(|l| l.iter().any(|i| i.stream.as_deref().is_some_and(|s| s.contains("Successfully built"))));
        ledger.check("ImageBuild", built, "Successfully built in the stream");
    }

    // Export the image (a tar stream), load it back (a tar upload), export all (repeated `names`).
    if let Some(answer) = ledger.record("ImageGet", client.image_get("tiny:again").await) {
        let tar = answer.into_inner().collect::<types::ErrorResponse>().await.unwrap_or_default();
        ledger.check("ImageGet", tar.len() > 1024, "a tar of the image");
        let load = docker::ImageLoadParams::new().quiet(true).images_tarball(Upload::from(tar));
        if let Some(answer) = ledger.record("ImageLoad", client.image_load(&load).await) {
            let lines = answer.into_inner().collect::<types::ErrorResponse>().await;
            ledger.check("ImageLoad", lines.is_ok(), "load output read");
        }
    }
    let all = docker::ImageGetAllParams::new().names(vec!["tiny:latest".to_owned(), "tiny:again".to_owned()]);
    if let Some(answer) = ledger.record("ImageGetAll", client.image_get_all(&all).await) {
        let tar = answer.into_inner().collect::<types::ErrorResponse>().await.unwrap_or_default();
        ledger.check("ImageGetAll", tar.len() > 1024, "a tar of both names");
    }
    id
}

async fn containers(client: &Client, daemon: &Dockerd, ledger: &mut Ledger, image: &str) -> String {
    let _ = (daemon, image);
    let body = types::ContainerCreateBody {
        image: Some("tiny:latest".to_owned()),
        cmd: Some(vec!["sh".to_owned(), "-c".to_owned(), "echo hello; echo oops >&2; sleep 300".to_owned()]),
        network_disabled: Nullable::Value(true),
        labels: Some(BTreeMap::from([("swagen".to_owned(), "e2e".to_owned())])),
        ..Default::default()
    };
    let create = docker::ContainerCreateParams::new(body).name("swagen-e2e");
    let created = ledger.record("ContainerCreate", client.container_create(&create).await);
    let id = created.map(|c| c.body.id.clone()).unwrap_or_default();
    ledger.record("ContainerStart", client.container_start(&id, &Default::default()).await);
    // Starting it again: the daemon answers 304, documented as "container already started".
    let again = ledger.record("ContainerStart", client.container_start(&id, &Default::default()).await);
    ledger.check("ContainerStart", again.is_some_and(|a| a.status().as_u16() == 304), "304 is not an error");
    let list = docker::ContainerListParams::new().all(true);
    let listed = ledger.record("ContainerList", client.container_list(&list).await);
    ledger.check("ContainerList", listed.is_some_and(|l| l.iter().any(|c| c.id.as_deref() == Some(&id))), "listed");
    let inspect = ledger.record("ContainerInspect", client.container_inspect(&id, &Default::default()).await);
    ledger.check(
        "ContainerInspect",
        inspect.is_some_and(|c| c.state.as_ref().and_then(|s| s.running) == Some(true)),
        "running",
    );
    ledger.record("ContainerTop", client.container_top(&id, &Default::default()).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let logs = docker::ContainerLogsParams::new().stdout(true).stderr(true);
    if let Some(answer) = ledger.record("ContainerLogs", client.container_logs(&id, &logs).await) {
        let raw = answer.into_inner().collect::<types::ErrorResponse>().await.unwrap_or_default();
        let text = demux(&raw);
        ledger.check("ContainerLogs", text.contains("hello") && text.contains("oops"), "stdout and stderr frames");
    }
    // Nothing changed yet: the daemon answers `null`, read as an empty list.
    let changes = ledger.record("ContainerChanges", client.container_changes(&id).await);
    ledger.check("ContainerChanges", changes.is_some_and(|c| c.body.is_empty()), "null is an empty list");
    let stats = docker::ContainerStatsParams::new().stream(false);
    ledger.record("ContainerStats", client.container_stats(&id, &stats).await);
    let resize = docker::ContainerResizeParams::new(40, 120);
    // Resizing a container without a TTY is refused by the daemon; the call itself is what is checked.
    let resized = client.container_resize(&id, &resize).await.map(|_| ());
    ledger.record("ContainerResize", resized.or_else(|e| if e.status().is_some() { Ok(()) } else { Err(e) }));
    ledger.record("ContainerPause", client.container_pause(&id).await);
    ledger.record("ContainerUnpause", client.container_unpause(&id).await);
    let update =
        docker::ContainerUpdateParams::new(types::ContainerUpdateBody { cpu_shares: Some(512), ..Default::default() });
    ledger.record("ContainerUpdate", client.container_update(&id, &update).await);
    let rename = docker::ContainerRenameParams::new("swagen-e2e-renamed");
    ledger.record("ContainerRename", client.container_rename(&id, &rename).await);
    ledger.record("ContainerRestart", client.container_restart(&id, &Default::default()).await);
    let kill = docker::ContainerKillParams::new().signal("SIGKILL");
    ledger.record("ContainerKill", client.container_kill(&id, &kill).await);
    let waited = ledger.record("ContainerWait", client.container_wait(&id, &Default::default()).await);
    ledger.check("ContainerWait", waited.is_some_and(|w| w.status_code == 137), "killed: 137");
    ledger.record("ContainerStart", client.container_start(&id, &Default::default()).await);
    let commit = docker::ImageCommitParams::new().container(id.clone()).repo("tiny-committed");
    ledger.record("ImageCommit", client.image_commit(&commit).await);
    id
}

async fn exec(client: &Client, ledger: &mut Ledger, container: &str) {
    let config = docker::ContainerExecParams::new(types::ContainerExecBody {
        attach_stdout: Some(true),
        attach_stderr: Some(true),
        cmd: Some(vec!["sh".to_owned(), "-c".to_owned(), "echo from-exec".to_owned()]),
        ..Default::default()
    });
    let created = ledger.record("ContainerExec", client.container_exec(container, &config).await);
    let id = created.map(|c| c.body.id.clone()).unwrap_or_default();
    let start = docker::ExecStartParams::new().exec_start_config(Default::default());
    if let Some(answer) = ledger.record("ExecStart", client.exec_start(&id, &start).await) {
        let raw = answer.into_inner().collect::<types::ErrorResponse>().await.unwrap_or_default();
        ledger.check("ExecStart", demux(&raw).contains("from-exec"), "the command's output");
    }
    let inspect = ledger.record("ExecInspect", client.exec_inspect(&id).await);
    ledger.check("ExecInspect", inspect.is_some_and(|i| i.exit_code == Some(0)), "exit code 0");
}

async fn archives(client: &Client, daemon: &Dockerd, ledger: &mut Ledger, container: &str) {
    let put = docker::PutContainerArchiveParams::new("/tmp", Upload::from(hello_tar(daemon)));
    ledger.record("PutContainerArchive", client.put_container_archive(container, &put).await);
    let info = docker::ContainerArchiveInfoParams::new("/tmp/hello.txt");
    ledger.record("ContainerArchiveInfo", client.container_archive_info(container, &info).await);
    let get = docker::ContainerArchiveParams::new("/tmp/hello.txt");
    if let Some(answer) = ledger.record("ContainerArchive", client.container_archive(container, &get).await) {
        let tar = answer.into_inner().collect::<types::ErrorResponse>().await.unwrap_or_default();
        ledger.check("ContainerArchive", String::from_utf8_lossy(&tar).contains("hello from swagen"), "the file");
    }
    if let Some(answer) = ledger.record("ContainerExport", client.container_export(container).await) {
        // Streamed to a file, never whole in memory.
        let path = daemon.scratch("out").join("export.tar");
        let mut file = tokio::fs::File::create(&path).await.unwrap();
        let written = answer.into_inner().copy_to::<types::ErrorResponse, _>(&mut file).await.unwrap_or(0);
        ledger.check("ContainerExport", written > 1024, "the container's file system");
    }
}

async fn events(client: &Client, ledger: &mut Ledger) {
    // Without `until` the stream never ends: read the first event, then drop it.
    let since = docker::SystemEventsParams::new().since("0");
    if let Some(answer) = ledger.record("SystemEvents", client.system_events(&since).await) {
        let mut events = answer.into_inner();
        let first = tokio::time::timeout(Duration::from_secs(20), events.next::<types::ErrorResponse>()).await;
        let ok = matches!(first, Ok(Some(Ok(ref e))) if e.r#type.is_some());
        ledger.check("SystemEvents", ok, "an event arrives before the stream ends");
    }
}

async fn volumes(client: &Client, ledger: &mut Ledger) {
    let create = docker::VolumeCreateParams::new(types::VolumeCreateOptions {
        name: Some("swagen-vol".to_owned()),
        ..Default::default()
    });
    ledger.record("VolumeCreate", client.volume_create(&create).await);
    ledger.record("VolumeInspect", client.volume_inspect("swagen-vol").await);
    let list = ledger.record("VolumeList", client.volume_list(&Default::default()).await);
    ledger.check(
        "VolumeList",
        list.is_some_and(|l| l.volumes.iter().flatten().any(|v| v.name == "swagen-vol")),
        "listed",
    );
    ledger.record("VolumeDelete", client.volume_delete("swagen-vol", &Default::default()).await);
    ledger.record("VolumePrune", client.volume_prune(&Default::default()).await);
}

async fn networks(client: &Client, ledger: &mut Ledger) {
    ledger.record("NetworkList", client.network_list(&Default::default()).await);
    ledger.record("NetworkInspect", client.network_inspect("none", &Default::default()).await);
    let create = docker::NetworkCreateParams::new(types::NetworkCreateBody {
        name: "swagen-net".to_owned(),
        check_duplicate: Some(true),
        driver: Some("bridge".to_owned()),
        scope: None,
        internal: Some(true),
        attachable: None,
        ingress: None,
        config_only: None,
        config_from: None,
        ipam: None,
        enable_ipv6: Some(false),
        options: Some(BTreeMap::from([("com.docker.network.bridge.name".to_owned(), "swagen0".to_owned())])),
        labels: None,
    });
    let created = ledger.record("NetworkCreate", client.network_create(&create).await);
    if created.is_some() {
        ledger.record("NetworkDelete", client.network_delete("swagen-net").await);
    }
    ledger.record("NetworkPrune", client.network_prune(&Default::default()).await);
}

async fn swarm(client: &Client, ledger: &mut Ledger) {
    let init = docker::SwarmInitParams::new(types::SwarmInitBody {
        listen_addr: Some("127.0.0.1:2377".to_owned()),
        advertise_addr: Some("127.0.0.1".to_owned()),
        ..Default::default()
    });
    let Some(node_id) = ledger.record("SwarmInit", client.swarm_init(&init).await) else { return };
    let swarm = ledger.record("SwarmInspect", client.swarm_inspect().await);
    let version = swarm.as_ref().and_then(|s| s.version.as_ref()).and_then(|v| v.index).unwrap_or(0);
    if let Some(s) = swarm {
        let update = docker::SwarmUpdateParams::new(version, s.body.spec.clone().unwrap_or_default());
        ledger.record("SwarmUpdate", client.swarm_update(&update).await);
    }
    ledger.record("SwarmUnlockkey", client.swarm_unlockkey().await);
    let nodes = ledger.record("NodeList", client.node_list(&Default::default()).await);
    ledger.check("NodeList", nodes.is_some_and(|n| n.len() == 1), "one node");
    let node = ledger.record("NodeInspect", client.node_inspect(node_id.body.trim().trim_matches('"')).await);
    if let Some(node) = node {
        let version = node.version.as_ref().and_then(|v| v.index).unwrap_or(0);
        let mut update = docker::NodeUpdateParams::new(version);
        update.body = node.body.spec.clone();
        ledger.record("NodeUpdate", client.node_update(node_id.body.trim().trim_matches('"'), &update).await);
    }

    let secret = docker::SecretCreateParams::new().body(types::SecretCreateBody {
        name: Some("swagen-secret".to_owned()),
        data: Some("c2VjcmV0".to_owned()),
        ..Default::default()
    });
    let created = ledger.record("SecretCreate", client.secret_create(&secret).await);
    let secret_id = created.map(|c| c.body.id.clone()).unwrap_or_default();
    ledger.record("SecretList", client.secret_list(&Default::default()).await);
    if let Some(s) = ledger.record("SecretInspect", client.secret_inspect(&secret_id).await) {
        let version = s.version.as_ref().and_then(|v| v.index).unwrap_or(0);
        let mut spec = s.body.spec.clone().unwrap_or_default();
        spec.labels = Some(BTreeMap::from([("swagen".to_owned(), "yes".to_owned())]));
        let update = docker::SecretUpdateParams::new(version).body(spec);
        ledger.record("SecretUpdate", client.secret_update(&secret_id, &update).await);
    }

    let config = docker::ConfigCreateParams::new().body(types::ConfigCreateBody {
        name: Some("swagen-config".to_owned()),
        data: Some("Y29uZmln".to_owned()),
        ..Default::default()
    });
    let created = ledger.record("ConfigCreate", client.config_create(&config).await);
    let config_id = created.map(|c| c.body.id.clone()).unwrap_or_default();
    ledger.record("ConfigList", client.config_list(&Default::default()).await);
    if let Some(c) = ledger.record("ConfigInspect", client.config_inspect(&config_id).await) {
        let version = c.version.as_ref().and_then(|v| v.index).unwrap_or(0);
        let mut spec = c.body.spec.clone().unwrap_or_default();
        spec.labels = Some(BTreeMap::from([("swagen".to_owned(), "yes".to_owned())]));
        let update = docker::ConfigUpdateParams::new(version).body(spec);
        ledger.record("ConfigUpdate", client.config_update(&config_id, &update).await);
    }

    services(client, ledger).await;

    ledger.record("SecretDelete", client.secret_delete(&secret_id).await);
    ledger.record("ConfigDelete", client.config_delete(&config_id).await);
    let leave = docker::SwarmLeaveParams::new().force(true);
    ledger.record("SwarmLeave", client.swarm_leave(&leave).await);
}

async fn services(client: &Client, ledger: &mut Ledger) {
    let spec = types::ServiceCreateBody {
        name: Some("swagen-svc".to_owned()),
        task_template: Some(types::TaskSpec {
            container_spec: Some(types::TaskSpecContainerSpec {
                image: Some("tiny:latest".to_owned()),
                command: Some(vec!["sleep".to_owned(), "300".to_owned()]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let create = docker::ServiceCreateParams::new(spec);
    let Some(created) = ledger.record("ServiceCreate", client.service_create(&create).await) else { return };
    let id = created.body.id.clone().unwrap_or_default();
    ledger.record("ServiceList", client.service_list(&Default::default()).await);
    if let Some(service) = ledger.record("ServiceInspect", client.service_inspect(&id, &Default::default()).await) {
        let version = service.version.as_ref().and_then(|v| v.index).unwrap_or(0);
        let spec = service.body.spec.clone().unwrap_or_default();
        let body: types::ServiceUpdateBody = serde_json::from_value(serde_json::to_value(&spec).unwrap()).unwrap();
        let mut body = body;
        body.labels = Some(BTreeMap::from([("swagen".to_owned(), "updated".to_owned())]));
        let update = docker::ServiceUpdateParams::new(version, body);
        ledger.record("ServiceUpdate", client.service_update(&id, &update).await);
    }
    // Tasks appear once the orchestrator has scheduled one.
    let mut task_id = None;
    for _ in 0..50 {
        if let Some(tasks) = ledger.record("TaskList", client.task_list(&Default::default()).await) {
            task_id = tasks.body.first().and_then(|t| t.id.clone());
        }
        if task_id.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    if let Some(task) = task_id {
        ledger.record("TaskInspect", client.task_inspect(&task).await);
    }
    ledger.record("ServiceDelete", client.service_delete(&id).await);
}

async fn cleanup(client: &Client, ledger: &mut Ledger, container: &str) {
    let stop = docker::ContainerStopParams::new().t(1);
    ledger.record("ContainerStop", client.container_stop(container, &stop).await);
    let delete = docker::ContainerDeleteParams::new().force(true).v(true);
    ledger.record("ContainerDelete", client.container_delete(container, &delete).await);
    ledger.record("ContainerPrune", client.container_prune(&Default::default()).await);
    let force = docker::ImageDeleteParams::new().force(true);
    for image in ["tiny-built:latest", "tiny-committed:latest", "tiny:again"] {
        ledger.record("ImageDelete", client.image_delete(image, &force).await);
    }
    ledger.record("ImagePrune", client.image_prune(&Default::default()).await);
    ledger.record("BuildPrune", client.build_prune(&Default::default()).await);
}
