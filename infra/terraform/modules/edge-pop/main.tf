# One PoP in one region: an autoscaling group of edge-runtime nodes (edge or shield role) on instances with
# local NVMe storage for the disk tier, behind a network load balancer. Files: network.tf, security.tf, iam.tf,
# nodes.tf, load_balancer.tf, templates/user_data.sh.tftpl.

data "aws_region" "current" {}

locals {
  tags = merge(var.tags, {
    Project   = "cdn-platform"
    Component = "edge-pop"
    Pop       = var.pop
    Role      = var.role
    ManagedBy = "terraform"
  })

  prefix       = "${var.name}-${var.pop}"
  traffic_port = 80
  # The nodes' TLS listener: the NLB passes TCP 443 straight to it, and the node picks the tenant's certificate by SNI
  # (docs/certificates.md), or, on a shield, the certificate the fleet CA issued for its load balancer's name.
  tls_port     = 443
  tls_cert_dir = "/etc/cdn-edge/tls"
  # Where the NLB's TLS listener forwards when it terminates TLS itself (certificate_arn, the exception): a plain node
  # listener whose requests the node treats as https.
  tls_offload_port = 8443
  admin_port       = 9000
  state_dir        = "/var/lib/cdn-edge"
  disk_dir         = "/cache/disk"
  is_shield        = var.role == "shield"
  with_shield      = var.role == "edge" && var.shield_url != null
  with_offload     = var.certificate_arn != null
  target_ports = merge(
    { traffic = local.traffic_port },
    local.with_offload ? { tls_offload = local.tls_offload_port } : { tls = local.tls_port },
  )
  # AWS limits load balancer and target group names to 32 characters: a longer name keeps its first 23 and a hash
  # of the whole, so names stay distinct and stable.
  lb_names = { for key, full in {
    lb          = "${local.prefix}-${var.role}"
    traffic     = "${local.prefix}-${var.role}"
    tls         = "${local.prefix}-${var.role}-tcp443"
    tls_offload = "${local.prefix}-${var.role}-tls"
  } : key => length(full) <= 32 ? full : "${trimsuffix(substr(full, 0, 23), "-")}-${substr(sha1(full), 0, 8)}" }
  alarm_topic_arn = var.alarm_topic_arn != null ? var.alarm_topic_arn : aws_sns_topic.alarms[0].arn
  listener_ports  = [local.traffic_port, 443]
  # Who may reach the load balancer: everyone for an edge unless narrowed; for a shield only the edge PoPs' egress
  # addresses (and what traffic_ingress_cidrs adds), keyed by names known at plan time.
  ingress_cidrs = merge(
    { for c in var.traffic_ingress_cidrs != null ? var.traffic_ingress_cidrs : (local.is_shield ? [] : ["0.0.0.0/0"]) : c => c },
    var.edge_egress_cidrs,
  )
  # What the container publishes: every port the load balancer targets or health-checks, nothing else.
  published_ports = concat(values(local.target_ports), [local.admin_port])
  secrets_arns    = [aws_secretsmanager_secret.edge_token.arn, aws_secretsmanager_secret.admin_token.arn]
  log_group       = "/${var.name}/edge/${var.pop}"

  # The node's command line, less what only the instance knows (--node-id, --disk and --memory sizes).
  node_args = concat(
    [
      "--role", var.role,
      "--pop", var.pop,
      "--listen", "0.0.0.0:${local.traffic_port}",
      "--admin-listen", "0.0.0.0:${local.admin_port}",
      "--control-plane", var.control_plane_url,
      "--state-dir", local.state_dir,
      "--disk-dir", local.disk_dir,
    ],
    local.with_shield ? ["--shield", var.shield_url] : [],
    local.with_offload ? ["--tls-offload-listen", "0.0.0.0:${local.tls_offload_port}"] : ["--tls-listen", "0.0.0.0:${local.tls_port}", "--tls-cert-dir", local.tls_cert_dir],
    # The name edges dial (the shield's URL): the shield's certificate from the fleet CA names it.
    local.is_shield ? ["--fleet-cert-names", aws_lb.this.dns_name] : [],
  )
}
