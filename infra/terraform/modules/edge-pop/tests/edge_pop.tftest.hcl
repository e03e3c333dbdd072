# Plan-only tests of the edge-pop module against a mocked AWS provider: nothing reaches AWS.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-central-1a", "eu-central-1b", "eu-central-1c"] }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-central-1" }
  }
  mock_data "aws_vpc" {
    defaults = { cidr_block = "172.31.0.0/16" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra1-edge/0123456789"
      arn_suffix = "net/cdn-fra1-edge/0123456789"
      dns_name   = "cdn-fra1-edge-0123456789.elb.eu-central-1.amazonaws.com"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/cdn-fra1-edge/0123456789" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/cdn-fra1-node" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-central-1:123456789012:log-group:/cdn/edge/fra1" }
  }
}

variables {
  pop                    = "fra1"
  role                   = "edge"
  control_plane_url      = "https://api.cdn.example.com"
  shield_url             = "http://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com"
  edge_token_secret_arn  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/control-plane/edge-token-AbCdEf"
  admin_token_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/control-plane/edge-admin-AbCdEf"
  image                  = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/edge-runtime:0.1.0"
  tags                   = { Environment = "test" }
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
    condition     = length(aws_lb_listener.tls) == 0 && aws_lb_listener.http.port == 80
    error_message = "plain HTTP on 80 unless a certificate is given"
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
    condition     = join(" ", output.node_args) == "--role edge --pop fra1 --listen 0.0.0.0:80 --admin-listen 0.0.0.0:9000 --control-plane https://api.cdn.example.com --state-dir /var/lib/cdn-edge --disk-dir /cache/disk --shield http://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com"
    error_message = "edge-runtime arguments: ${join(" ", output.node_args)}"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), "'--shield' 'http://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com'")
    error_message = "the boot script passes the shield URL"
  }
  assert {
    condition     = strcontains(base64decode(aws_launch_template.node.user_data), var.edge_token_secret_arn) && strcontains(base64decode(aws_launch_template.node.user_data), "CDN_EDGE_TOKEN=")
    error_message = "the boot script reads the edge credential from Secrets Manager into CDN_EDGE_TOKEN"
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
    condition     = keys(aws_vpc_security_group_ingress_rule.traffic) == ["0.0.0.0/0"] && aws_vpc_security_group_ingress_rule.traffic["0.0.0.0/0"].to_port == 80
    error_message = "traffic on port 80 from everyone"
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
    condition     = length(aws_lb_listener.tls) == 1 && startswith(output.url, "https://")
    error_message = "a certificate adds a TLS listener on 443"
  }
  assert {
    condition     = aws_lb_target_group.node["tls_offload"].port == 8443 && aws_lb_listener.tls[0].default_action[0].target_group_arn == aws_lb_target_group.node["tls_offload"].arn
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
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.tls_offload : r.from_port]) == toset([8443])
    error_message = "the TLS-offload port is open to the traffic CIDRs"
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

run "rejects_names_too_long_for_aws" {
  command = plan
  variables {
    name = "content-delivery-prd"
    pop  = "frankfurt01"
  }
  expect_failures = [var.pop]
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
