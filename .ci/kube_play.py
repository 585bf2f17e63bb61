"""Turn the cluster manifests into what `podman kube play` runs on one CI machine:

    python .ci/kube_play.py OUT_DIR PREFIX DATABASE_URL SECRET_KEY PORT_A PORT_B PORT_REPORTS

Podman plays one pod per Deployment, so the portal's Deployment becomes two (replica a and b);
each pod uses the host's network and binds gunicorn to its own 127.0.0.1 port (probes follow);
the ConfigMap's and Secret's values go into env (podman 4.3 has no Secret for kube play).
Everything else (image, security context, read-only root, /tmp emptyDir, probes, resources)
is played as written. Prints the file names written.
"""

import copy
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent / "deploy" / "kubernetes"


def load(name):
    return yaml.safe_load((ROOT / name).read_text())


def main(out_dir, prefix, database_url, secret_key, port_a, port_b, port_reports):
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    config = load("configmap.yaml")["data"]
    values = {
        **config,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": database_url,
        # A report waits at most 2 s for a slot in CI, then gets the queue's waiting page; a
        # waiting page that does not come back loses its place after 2 s.
        "REPORT_LANE_WAIT": "2",
        "REPORT_QUEUE_HOLD": "2",
        "REPORT_QUEUE_EXPIRE": "2",
        "GUNICORN_WORKERS": "2",
    }
    plays = [
        ("portal.yaml", f"{prefix}-portal-a", port_a),
        ("portal.yaml", f"{prefix}-portal-b", port_b),
        ("reports.yaml", f"{prefix}-reports", port_reports),
    ]
    for source, name, port in plays:
        deployment = copy.deepcopy(load(source))
        deployment["metadata"]["name"] = name
        deployment["spec"]["replicas"] = 1
        pod = deployment["spec"]["template"]["spec"]
        pod["hostNetwork"] = True
        (container,) = pod["containers"]
        container.pop("envFrom", None)
        env = {item["name"]: item["value"] for item in container.get("env", [])}
        env.update(values, GUNICORN_BIND=f"127.0.0.1:{port}")
        container["env"] = [{"name": k, "value": str(v)} for k, v in env.items()]
        # The host's network: no port mappings, gunicorn binds the port itself.
        container.pop("ports", None)
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            if probe in container:
                container[probe]["httpGet"]["port"] = int(port)
        path = out / f"{name}.yaml"
        path.write_text(yaml.safe_dump(deployment, sort_keys=False))
        print(path)


if __name__ == "__main__":
    main(*sys.argv[1:8])
