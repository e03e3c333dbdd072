# Plan-only tests of the edge-pop module against a mocked AWS provider: nothing reaches AWS.

mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

# Distinct ids per security group, so that rules can be checked to point at the right group.
override_resource {
  target          = aws_security_group.lb
  override_during = plan
  values          = { id = "sg-000000000000000b1" }
}
override_resource {
  target          = aws_security_group.node
  override_during = plan
  values          = { id = "sg-000000000000000b2" }
}
# Distinct ARNs per secret, so that the node policy can be checked to name each.
override_resource {
  target          = aws_secretsmanager_secret.edge_token
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/edge-token-AbCdEf" }
}
override_resource {
  target          = aws_secretsmanager_secret.admin_token
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/admin-token-AbCdEf" }
}

variables {
  pop               = "fra1"
  role              = "edge"
  control_plane_url = "https://api.cdn.example.com"
  shield_url        = "https://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com:443"
  image             = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/edge-runtime:0.1.0"
  tags              = { Environment = "test" }
}

run "edge_pop_defaults" {
  command = plan

  assert {
    condition     = aws_autoscaling_group.node.min_size == 2 && aws_autoscaling_group.node.max_size == 6 && aws_autoscaling_group.node.health_check_type == "ELB"
    error_message = "two to six nodes, replaced when the load balancer finds them unhealthy"
  }
  assert {
    condition     = aws_launch_template.node.instance_type == "i4i.large"
    error_message = "the default instance type has local NVMe storage"
  }
  assert {
    condition     = aws_lb.this.load_balancer_type == "network" && !aws_lb.this.internal
    error_message = "an internet-facing network load balancer"
  }
  assert {
    condition     = length(aws_subnet.public) == 3 && length(aws_vpc.this) == 1
    error_message = "a new VPC with one public subnet per AZ"
  }
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.tls.port == 443 && aws_lb_listener.tls.protocol == "TCP"
    error_message = "plain HTTP on 80, and TLS on 443 passed through to the nodes"
  }
  assert {
    condition     = aws_launch_template.node.tag_specifications[0].tags["Pop"] == "fra1" && aws_lb.this.tags["Environment"] == "test"
    error_message = "tags reach instances and load balancer"
  }
}

run "health_checks_hit_admin_readyz" {
  command = plan

  assert {
    condition     = aws_lb_target_group.node["traffic"].health_check[0].path == "/readyz" && aws_lb_target_group.node["traffic"].health_check[0].port == "9000" && aws_lb_target_group.node["traffic"].health_check[0].protocol == "HTTP" && aws_lb_target_group.node["traffic"].health_check[0].matcher == "200"
    error_message = "the NLB checks readiness, GET /readyz on the admin port 9000 (200 only when the node can serve), not the liveness /healthz"
  }
  assert {
    condition     = aws_lb_target_group.node["traffic"].port == 80
    error_message = "traffic goes to port 80"
  }
  assert {
    condition     = aws_cloudwatch_metric_alarm.no_healthy_nodes.metric_name == "HealthyHostCount" && aws_cloudwatch_metric_alarm.no_healthy_nodes.threshold == 1
    error_message = "an alarm fires when no node is healthy"
  }
}

run "edge_nodes_are_wired_to_control_plane_and_shield" {
  command = plan

  assert {
    condition     = join(" ", output.node_args) == "--role edge --pop fra1 --listen 0.0.0.0:80 --admin-listen 0.0.0.0:9000 --control-plane https://api.cdn.example.com --state-dir /var/lib/cdn-edge --disk-dir /cache/disk --shield https://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com:443 --tls-listen 0.0.0.0:443 --tls-cert-dir /etc/cdn-edge/tls"
    error_message = "edge-runtime arguments: ${join(" ", output.node_args)}"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "'--shield' 'https://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com:443'")
    error_message = "the boot script passes the shield URL"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), aws_secretsmanager_secret.edge_token.arn) && strcontains(base64decode(aws_launch_template.node.user_data), "CDN_EDGE_TOKEN=")
    error_message = "the boot script reads the PoP's own edge credential from Secrets Manager into CDN_EDGE_TOKEN"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "Amazon EC2 NVMe Instance Storage") && strcontains(base64decode(aws_launch_template.node.user_data), "--disk \"$DISK_MB\"")
    error_message = "the disk tier lives on the NVMe instance store"
  }
  assert {
    condition     = output.url == "http://cdn-fra1-edge-0123456789.elb.eu-central-1.amazonaws.com"
    error_message = "the PoP URL is its load balancer"
  }
}

# The shield path: edges reach a shield over TLS, at its load balancer's DNS name on 443, passed as TCP to the shield
# nodes' --tls-listen port, where they present a certificate the control plane's fleet CA issued for exactly that name
# (--fleet-cert-names). Only the edge PoPs' egress addresses and the load balancer's own health checks get in.
run "shield_is_reached_over_fleet_tls_from_the_edges_only" {
  command = plan

  variables {
    pop               = "cmh1"
    role              = "shield"
    shield_url        = null
    edge_egress_cidrs = { "iad1-0" = "198.51.100.10/32", "fra1-0" = "198.51.100.20/32" }
  }

  assert {
    condition     = output.url == "https://cdn-fra1-edge-0123456789.elb.eu-central-1.amazonaws.com:443"
    error_message = "a shield's URL (what edges take as shield_url) is https on 443 at its load balancer's DNS name: ${output.url}"
  }
  assert {
    condition     = output.node_args[index(output.node_args, "--fleet-cert-names") + 1] == aws_lb.this.dns_name
    error_message = "the shield asks the fleet CA for a certificate naming its load balancer's DNS name, the name edges verify"
  }
  assert {
    condition     = contains(output.node_args, "--tls-listen") && aws_lb_listener.tls.protocol == "TCP" && aws_lb_target_group.node["tls"].port == 443
    error_message = "the shield's TLS listener is behind a TCP pass-through on 443"
  }
  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.lb : r.cidr_ipv4]) == toset(["198.51.100.10/32", "198.51.100.20/32"])
    error_message = "the shield's load balancer admits the edge PoPs' egress addresses only"
  }
  assert {
    condition     = !anytrue([for r in concat(values(aws_vpc_security_group_ingress_rule.lb), values(aws_vpc_security_group_ingress_rule.admin)) : r.cidr_ipv4 == "0.0.0.0/0"])
    error_message = "nothing of the shield is open to 0.0.0.0/0"
  }
  assert {
    condition     = alltrue([for r in values(aws_vpc_security_group_ingress_rule.traffic) : r.cidr_ipv4 == null && r.referenced_security_group_id == aws_security_group.lb.id]) && keys(aws_vpc_security_group_ingress_rule.admin) == ["10.50.0.0/20"]
    error_message = "the shield's nodes admit the load balancer (traffic) and the VPC (health checks) only"
  }
  assert {
    condition     = !contains(output.node_args, "--tls-offload-listen") && !contains([for tg in aws_lb_target_group.node : tg.port], 8443)
    error_message = "a shield has no plaintext TLS-offload listener"
  }
  assert {
    condition     = length(aws_eip.egress) == 0
    error_message = "a shield needs no egress addresses of its own (it fetches from origins)"
  }
  assert {
    condition = (
      toset([for m in regexall("-p (\\d+):(\\d+)", base64decode(aws_launch_template.node.user_data)) : tonumber(m[0])])
      == toset([for m in regexall("'--(?:listen|tls-listen|admin-listen)' '[^':]+:(\\d+)'", base64decode(aws_launch_template.node.user_data)) : tonumber(m[0])])
    )
    error_message = "a shield's container publishes exactly the ports its runtime listens on, 443 included"
  }
  # Every flag of the boot script is one the runtime documents in EdgeMain's --help (--fleet-cert-names included:
  # the shield's fleet certificate, docs/routing.md "Edge to shield over TLS").
  assert {
    condition     = alltrue([for f in regexall("'(--[a-z-]+)'", base64decode(aws_launch_template.node.user_data)) : strcontains(file("${path.module}/../../../../edge-runtime/src/main/java/dev/cdn/edge/EdgeMain.java"), "${f[0]} ")])
    error_message = "every flag of the shield's boot script is one edge-runtime documents in its --help"
  }
}

# Edge PoPs leave through a pool of Elastic IPs (one per node at most, claimed at boot), so that shields can admit
# exactly the edges' addresses.
run "edge_nodes_leave_through_a_stable_address_pool" {
  command = plan

  assert {
    condition     = length(aws_eip.egress) == 6 && length(output.egress_cidrs) == 6
    error_message = "one Elastic IP per node the PoP may grow to (max_size)"
  }
  assert {
    condition     = alltrue([for k, c in output.egress_cidrs : startswith(k, "fra1-") && endswith(c, "/32")])
    error_message = "egress addresses are named after the PoP, as /32 CIDRs a shield admits"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "aws ec2 associate-address") && strcontains(base64decode(aws_launch_template.node.user_data), "--no-allow-reassociation")
    error_message = "the boot script claims a free address of the pool, never one another node holds"
  }
  assert {
    condition     = one([for st in data.aws_iam_policy_document.node.statement : st if st.sid == "ClaimEgressAddress"]).actions == toset(["ec2:AssociateAddress"])
    error_message = "nodes may associate addresses (scoped to the pool: see node_role_is_least_privilege)"
  }
}

run "rejects_a_shield_open_to_everyone" {
  command = plan
  variables {
    pop                   = "cmh1"
    role                  = "shield"
    shield_url            = null
    traffic_ingress_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.traffic_ingress_cidrs]
}

run "rejects_a_shield_terminating_tls_at_its_load_balancer" {
  command = plan
  variables {
    pop             = "cmh1"
    role            = "shield"
    shield_url      = null
    certificate_arn = "arn:aws:acm:eu-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }
  expect_failures = [var.certificate_arn]
}

run "shield_pop_has_no_shield" {
  command = plan

  variables {
    pop        = "cmh1"
    role       = "shield"
    shield_url = null
  }

  assert {
    condition     = !contains(output.node_args, "--shield") && contains(output.node_args, "shield")
    error_message = "a shield runs with --role shield and no --shield"
  }
  assert {
    condition     = aws_autoscaling_group.node.name == "cdn-cmh1-shield"
    error_message = "names carry PoP and role"
  }
}

run "node_security_group_rules" {
  command = plan

  assert {
    condition     = keys(aws_vpc_security_group_ingress_rule.admin) == ["10.50.0.0/20"] && aws_vpc_security_group_ingress_rule.admin["10.50.0.0/20"].from_port == 9000
    error_message = "the admin port is open to the VPC only (load balancer health checks)"
  }
  assert {
    condition     = toset(keys(aws_vpc_security_group_ingress_rule.lb)) == toset(["80 0.0.0.0/0", "443 0.0.0.0/0"]) && toset(keys(aws_vpc_security_group_ingress_rule.traffic)) == toset(["traffic", "tls"]) && aws_vpc_security_group_ingress_rule.traffic["tls"].to_port == 443
    error_message = "an edge takes traffic on 80 and 443 from everyone, through the load balancer"
  }
  assert {
    condition     = toset(keys(aws_vpc_security_group_egress_rule.out)) == toset(["80", "443"])
    error_message = "outbound only on 80 and 443"
  }
  assert {
    condition     = aws_launch_template.node.metadata_options[0].http_tokens == "required" && aws_launch_template.node.block_device_mappings[0].ebs[0].encrypted == "true"
    error_message = "IMDSv2 only and an encrypted root volume"
  }
}

run "existing_vpc_and_tls" {
  command = plan

  variables {
    vpc_id              = "vpc-0123456789abcdef0"
    subnet_ids          = ["subnet-0000000000000000a", "subnet-0000000000000000b"]
    admin_ingress_cidrs = ["198.51.100.0/24"]
    certificate_arn     = "arn:aws:acm:eu-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_vpc.this) == 0 && toset(aws_autoscaling_group.node.vpc_zone_identifier) == toset(var.subnet_ids)
    error_message = "nodes go into the given subnets and no VPC is created"
  }
  assert {
    condition     = toset(keys(aws_vpc_security_group_ingress_rule.admin)) == toset(["172.31.0.0/16", "198.51.100.0/24"])
    error_message = "admin open to the given VPC's CIDR and the extra admin CIDRs"
  }
  assert {
    condition     = aws_lb_listener.tls.protocol == "TLS" && aws_lb_listener.tls.certificate_arn == var.certificate_arn && !contains(keys(aws_lb_target_group.node), "tls")
    error_message = "with certificate_arn (the exception) the load balancer terminates TLS on 443 itself"
  }
  assert {
    condition     = aws_lb_target_group.node["tls_offload"].port == 8443 && aws_lb_listener.tls.default_action[0].target_group_arn == aws_lb_target_group.node["tls_offload"].arn
    error_message = "TLS terminated by the NLB goes to the nodes' TLS-offload listener on 8443"
  }
  assert {
    condition     = aws_lb_target_group.node["tls_offload"].health_check[0].path == "/readyz" && aws_lb_target_group.node["tls_offload"].health_check[0].port == "9000"
    error_message = "the TLS-offload target group checks readiness too (GET /readyz on 9000)"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "'--tls-offload-listen' '0.0.0.0:8443'")
    error_message = "with a certificate the nodes run a TLS-offload listener"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.traffic["tls_offload"].from_port == 8443
    error_message = "the TLS-offload port is open to the load balancer"
  }
}

# The application<->infrastructure contract, read from the rendered boot script: every port the container publishes
# is one the runtime listens on, and every port the load balancer targets (traffic and health checks) is published;
# every flag the boot script passes is one the runtime's own --help (EdgeMain) documents. Tenant HTTPS passes the
# NLB as TCP on 443 and ends on the nodes' --tls-listen port, where the tenants' certificates are chosen by SNI.
run "ports_published_targeted_and_listened_agree" {
  command = plan

  assert {
    condition = (
      toset([for m in regexall("-p (\\d+):(\\d+)", base64decode(aws_launch_template.node.user_data)) : tonumber(m[0])])
      == toset([for m in regexall("'--(?:listen|tls-listen|tls-offload-listen|admin-listen)' '[^':]+:(\\d+)'", base64decode(aws_launch_template.node.user_data)) : tonumber(m[0])])
    )
    error_message = "the container publishes exactly the ports the runtime listens on"
  }
  assert {
    condition     = alltrue([for m in regexall("-p (\\d+):(\\d+)", base64decode(aws_launch_template.node.user_data)) : m[0] == m[1]])
    error_message = "host and container ports are the same (the load balancer targets host ports)"
  }
  assert {
    condition = length(setsubtract(
      toset(concat([for tg in aws_lb_target_group.node : tg.port], [for tg in aws_lb_target_group.node : tonumber(tg.health_check[0].port)])),
      toset([for m in regexall("-p (\\d+):(\\d+)", base64decode(aws_launch_template.node.user_data)) : tonumber(m[0])])
    )) == 0
    error_message = "every port the load balancer targets or health-checks is published by the container"
  }
  assert {
    condition     = alltrue([for f in regexall("'(--[a-z-]+)'", base64decode(aws_launch_template.node.user_data)) : strcontains(file("${path.module}/../../../../edge-runtime/src/main/java/dev/cdn/edge/EdgeMain.java"), "${f[0]} ")])
    error_message = "every flag of the boot script is one edge-runtime documents in its --help"
  }
  assert {
    condition     = aws_lb_listener.tls.port == 443 && aws_lb_listener.tls.protocol == "TCP" && aws_lb_listener.tls.default_action[0].target_group_arn == aws_lb_target_group.node["tls"].arn
    error_message = "client TLS on 443 passes the load balancer as TCP (the tenants' certificates are on the nodes), not terminated there"
  }
  assert {
    condition     = aws_lb_target_group.node["tls"].protocol == "TCP" && tostring(aws_lb_target_group.node["tls"].port) == one(regex("'--tls-listen' '[^':]+:(\\d+)'", base64decode(aws_launch_template.node.user_data)))
    error_message = "the TLS target group sends to the port the runtime's --tls-listen listens on"
  }
  assert {
    condition     = aws_lb_target_group.node["tls"].health_check[0].path == "/readyz" && aws_lb_target_group.node["tls"].health_check[0].port == "9000"
    error_message = "the TLS target group checks readiness like the others (GET /readyz on 9000)"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "'--tls-cert-dir' '/etc/cdn-edge/tls'") && strcontains(base64decode(aws_launch_template.node.user_data), "/etc/cdn-edge/tls/default.key")
    error_message = "the TLS listener has its certificate directory, with a default pair made at boot (for clients without SNI)"
  }
  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_target_group.node["traffic"].port == 80 && !strcontains(base64decode(aws_launch_template.node.user_data), "--tls-offload-listen")
    error_message = "port 80 stays for HTTP and ACME HTTP-01; without certificate_arn there is no TLS-offload listener"
  }
}

# The TLS-offload listener is plain HTTP that the node treats as https: only the load balancer may reach it (and the
# traffic port), never a client connecting to a node's public address directly.
run "node_ports_open_only_to_the_load_balancer" {
  command = plan

  variables {
    certificate_arn = "arn:aws:acm:eu-central-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  }

  assert {
    condition     = length(aws_lb.this.security_groups) == 1
    error_message = "the load balancer has a security group of its own, which the nodes' rules reference"
  }
  assert {
    condition     = alltrue([for r in values(aws_vpc_security_group_ingress_rule.traffic) : r.cidr_ipv4 == null && r.referenced_security_group_id == aws_security_group.lb.id])
    error_message = "the nodes' traffic and TLS-offload ports admit the load balancer only, no CIDR"
  }
  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.lb : r.from_port]) == toset([80, 443])
    error_message = "clients reach the load balancer on 80 and 443"
  }
}

# The disk tier's file system is in /etc/fstab (by UUID, nofail), so a reboot mounts it again instead of leaving the
# cache directory on the root volume.
run "cache_file_system_survives_a_reboot" {
  command = plan

  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "/etc/fstab") && can(regex("UUID=.* /cache xfs [^ ]*nofail", base64decode(aws_launch_template.node.user_data)))
    error_message = "the boot script records the cache file system in /etc/fstab by UUID with nofail"
  }
}

# The PoP's alarm notifies someone: an SNS topic of its own (or the one given) is its alarm and OK action.
run "health_alarm_notifies_an_sns_topic" {
  command = plan

  assert {
    condition     = length(aws_sns_topic.alarms) == 1 && length(aws_cloudwatch_metric_alarm.no_healthy_nodes.alarm_actions) == 1 && length(aws_cloudwatch_metric_alarm.no_healthy_nodes.ok_actions) == 1
    error_message = "the no-healthy-nodes alarm notifies the PoP's SNS topic when it breaches and when it clears"
  }
}

run "health_alarm_uses_a_given_topic" {
  command = plan
  variables {
    alarm_topic_arn = "arn:aws:sns:eu-central-1:123456789012:oncall"
  }

  assert {
    condition     = length(aws_sns_topic.alarms) == 0 && length(aws_cloudwatch_metric_alarm.no_healthy_nodes.alarm_actions) == 1 && contains(aws_cloudwatch_metric_alarm.no_healthy_nodes.alarm_actions, "arn:aws:sns:eu-central-1:123456789012:oncall")
    error_message = "a given topic replaces the PoP's own"
  }
}

# The IAM documents' statements, asserted as written (the provider's rendering of them to JSON is mocked).
run "node_role_is_least_privilege" {
  command = plan

  assert {
    condition     = [for st in data.aws_iam_policy_document.node.statement : st.sid] == ["ReadEdgeSecrets", "ClaimEgressAddress", "ClaimForThisPopsNodes", "FindFreeEgressAddress", "WriteLogs"]
    error_message = "the node policy reads its secrets, claims an egress address and writes logs, nothing else (KMS only with a customer key)"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.node.statement[0].actions) == toset(["secretsmanager:GetSecretValue"]) && toset(data.aws_iam_policy_document.node.statement[0].resources) == toset(["arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/edge-token-AbCdEf", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/admin-token-AbCdEf"])
    error_message = "nodes read exactly their own PoP's edge and admin token secrets, by ARN (no other PoP's, no wildcard)"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.node.statement[1].resources) == toset(aws_eip.egress[*].arn) && one(data.aws_iam_policy_document.node.statement[2].condition).variable == "aws:ResourceTag/Pop" && toset(one(data.aws_iam_policy_document.node.statement[2].condition).values) == toset(["fra1"])
    error_message = "nodes associate only their PoP's pool addresses, with their PoP's own instances"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.node.statement[3].actions) == toset(["ec2:DescribeAddresses"])
    error_message = "the only unscoped action is DescribeAddresses (IAM cannot scope it)"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.node.statement[4].actions) == toset(["logs:CreateLogStream", "logs:PutLogEvents"]) && toset(data.aws_iam_policy_document.node.statement[4].resources) == toset(["${aws_cloudwatch_log_group.node.arn}:*"])
    error_message = "nodes write to their own log group only"
  }
  assert {
    condition     = toset(keys(aws_iam_role_policy_attachment.managed)) == toset(["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"])
    error_message = "the only managed policies are SSM Session Manager and read-only ECR"
  }
}

# The load balancer logs into the region's access-log bucket (modules/access-logs: private, encrypted, expiring, written
# only by ELB log delivery).
run "load_balancer_writes_access_logs_to_the_regions_bucket" {
  command = plan

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].prefix == "cdn-fra1-edge"
    error_message = "the NLB's access logs are on, under the PoP's prefix"
  }
}

# Boot dependencies stay in the PoP's region: its secrets are its own (created there) and, with
# pull_image_from_own_region, the image comes from the region's replica of the ECR repository.
run "nodes_boot_from_their_own_region" {
  command = plan
  variables {
    pull_image_from_own_region = true
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "IMAGE='123456789012.dkr.ecr.eu-central-1.amazonaws.com/cdn/edge-runtime:0.1.0'")
    error_message = "the image is pulled from the PoP's own region's registry"
  }
  assert {
    condition     = alltrue([for arn in data.aws_iam_policy_document.node.statement[0].resources : split(":", arn)[3] == "eu-central-1"])
    error_message = "the secrets a node reads at boot are in its own region"
  }
}

# ------------------------------------------------------------------ bad input fails at plan time

run "rejects_unknown_role" {
  command = plan
  variables {
    role = "origin"
  }
  expect_failures = [var.role]
}

run "rejects_shield_with_a_shield" {
  command = plan
  variables {
    role = "shield"
  }
  expect_failures = [var.shield_url]
}

run "rejects_instance_type_without_nvme" {
  command = plan
  variables {
    instance_type = "t3.large"
  }
  expect_failures = [var.instance_type]
}

run "rejects_max_below_min" {
  command = plan
  variables {
    min_size = 4
    max_size = 2
  }
  expect_failures = [var.max_size]
}

run "rejects_zero_nodes" {
  command = plan
  variables {
    min_size = 0
  }
  expect_failures = [var.min_size]
}

run "rejects_bad_pop_name" {
  command = plan
  variables {
    pop = "Frankfurt-1"
  }
  expect_failures = [var.pop]
}

# AWS limits load balancer and target group names to 32 characters: long deployment and PoP names are shortened
# with a hash that keeps them distinct, instead of failing at apply.
run "long_names_fit_aws_name_limits" {
  command = plan
  variables {
    name = "content-delivery-prd"
    pop  = "frankfurt01"
  }

  assert {
    condition     = alltrue([for n in concat([aws_lb.this.name], [for tg in aws_lb_target_group.node : tg.name]) : length(n) <= 32 && can(regex("^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$", n))])
    error_message = "load balancer and target group names fit AWS's 32 characters"
  }
  assert {
    condition     = length(toset([for tg in aws_lb_target_group.node : tg.name])) == 2
    error_message = "the two target groups keep distinct names"
  }
}

run "rejects_bad_cidr" {
  command = plan
  variables {
    vpc_cidr = "10.50.0.0"
  }
  expect_failures = [var.vpc_cidr]
}

run "rejects_admin_open_to_the_internet" {
  command = plan
  variables {
    admin_ingress_cidrs = ["0.0.0.0/0"]
  }
  expect_failures = [var.admin_ingress_cidrs]
}

run "rejects_bad_control_plane_url" {
  command = plan
  variables {
    control_plane_url = "api.cdn.example.com"
  }
  expect_failures = [var.control_plane_url]
}
