# Plan-only test of the whole multi-region example with every provider alias mocked: checks that the modules
# are wired to each other (control plane URL and credential into every PoP, shield URL into every edge, edge
# load balancers into global routing). Nothing reaches AWS.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }

  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/control-plane/token-AbCdEf" }
  }
}

mock_provider "aws" {
  alias           = "shield"
  override_during = plan

  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-2:123456789012:secret:cdn/pop/cmh1/secret-AbCdEf" }
  }

  mock_data "aws_region" {
    defaults = { name = "us-east-2" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["us-east-2a", "us-east-2b", "us-east-2c"] }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/net/cdn-cmh1-shield/0123"
      arn_suffix = "net/cdn-cmh1-shield/0123"
      dns_name   = "cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com"
      zone_id    = "Z0000000000CMH1"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/cdn-cmh1-shield/0123" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/cdn-cmh1-node" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-2:123456789012:log-group:/cdn/edge/cmh1" }
  }
}

mock_provider "aws" {
  alias           = "edge0"
  override_during = plan

  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/pop/iad1/secret-AbCdEf" }
  }

  mock_resource "aws_eip" {
    defaults = { public_ip = "198.51.100.1" }
  }

  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/cdn-iad1-edge/0123"
      arn_suffix = "net/cdn-iad1-edge/0123"
      dns_name   = "cdn-iad1-edge-0123.elb.us-east-1.amazonaws.com"
      zone_id    = "Z0000000000IAD1"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/cdn-iad1-edge/0123" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/cdn-iad1-node" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/cdn/edge/iad1" }
  }
}

mock_provider "aws" {
  alias           = "edge1"
  override_during = plan

  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:cdn/pop/fra1/secret-AbCdEf" }
  }

  mock_resource "aws_eip" {
    defaults = { public_ip = "198.51.100.2" }
  }

  mock_data "aws_region" {
    defaults = { name = "eu-central-1" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-central-1a", "eu-central-1b", "eu-central-1c"] }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/cdn-fra1-edge/0123"
      arn_suffix = "net/cdn-fra1-edge/0123"
      dns_name   = "cdn-fra1-edge-0123.elb.eu-central-1.amazonaws.com"
      zone_id    = "Z0000000000FRA1"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/cdn-fra1-edge/0123" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/cdn-fra1-node" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-central-1:123456789012:log-group:/cdn/edge/fra1" }
  }
}

mock_provider "aws" {
  alias           = "edge2"
  override_during = plan

  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:cdn/pop/sin1/secret-AbCdEf" }
  }

  mock_resource "aws_eip" {
    defaults = { public_ip = "198.51.100.3" }
  }

  mock_data "aws_region" {
    defaults = { name = "ap-southeast-1" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"] }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_lb" {
    defaults = {
      arn        = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:loadbalancer/net/cdn-sin1-edge/0123"
      arn_suffix = "net/cdn-sin1-edge/0123"
      dns_name   = "cdn-sin1-edge-0123.elb.ap-southeast-1.amazonaws.com"
      zone_id    = "Z0000000000SIN1"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:targetgroup/cdn-sin1-edge/0123" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/cdn-sin1-node" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:ap-southeast-1:123456789012:log-group:/cdn/edge/sin1" }
  }
}

mock_provider "aws" {
  alias           = "global"
  override_during = plan

  mock_data "aws_region" {
    defaults = { name = "us-west-2" }
  }
  mock_resource "aws_globalaccelerator_accelerator" {
    defaults = {
      id       = "arn:aws:globalaccelerator::123456789012:accelerator/00000000-0000-0000-0000-000000000000"
      dns_name = "a0123456789abcdef.awsglobalaccelerator.com"
    }
  }
  mock_resource "aws_globalaccelerator_listener" {
    defaults = { id = "arn:aws:globalaccelerator::123456789012:accelerator/00000000-0000-0000-0000-000000000000/listener/abcdef12" }
  }
  mock_resource "aws_route53_health_check" {
    defaults = { id = "abcdef01-2345-6789-abcd-ef0123456789" }
  }
}

variables {
  domain          = "cdn.example.com"
  route53_zone_id = "Z0123456789ABCDEFGHIJ"
  api_image       = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/platform-api:0.1.0"
  portal_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/portal:0.1.0"
  edge_image      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/edge-runtime:0.1.0"
}

# One plan of the whole platform, many assertions: a plan of six mocked providers takes seconds, so the
# wiring checks share it.
run "whole_platform_is_wired" {
  command = plan

  assert {
    condition     = output.api_url == "https://api.cdn.example.com" && output.portal_url == "https://portal.cdn.example.com"
    error_message = "the control plane serves api. and portal. of the domain"
  }
  assert {
    condition     = length(output.pops) == 4 && length([for p in output.pops : p if p.role == "edge"]) == 3 && length([for p in output.pops : p if p.role == "shield"]) == 1
    error_message = "three edge PoPs and one shield PoP"
  }
  assert {
    condition     = { for k, p in output.pops : k => p.region } == { cmh1 = "us-east-2", iad1 = "us-east-1", fra1 = "eu-central-1", sin1 = "ap-southeast-1" }
    error_message = "each PoP runs in its own provider's region"
  }

  assert {
    condition     = alltrue([for p in output.pops : contains(p.node_args, "https://api.cdn.example.com") && p.node_args[index(p.node_args, "--control-plane") + 1] == "https://api.cdn.example.com"])
    error_message = "every PoP gets --control-plane = the control plane's API URL"
  }
  assert {
    condition     = length(distinct([for p in output.pops : p.edge_token_secret_arn])) == 4 && alltrue([for k, p in output.pops : output.pop_secrets[k].edge_token_secret_arn == p.edge_token_secret_arn])
    error_message = "every PoP reads an edge credential secret of its own (no fleet-wide credential), listed for the token-minting step"
  }

  assert {
    condition     = output.shield_url == "https://cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com:443"
    error_message = "the shield URL is https on 443 at the shield PoP's load balancer name"
  }
  assert {
    condition     = output.pops["cmh1"].node_args[index(output.pops["cmh1"].node_args, "--fleet-cert-names") + 1] == "cdn-cmh1-shield-0123.elb.us-east-2.amazonaws.com"
    error_message = "the shield's fleet certificate names the host edges dial"
  }
  assert {
    condition     = toset(values(module.shield.admitted_cidrs)) == toset(["198.51.100.1/32", "198.51.100.2/32", "198.51.100.3/32"]) && length(module.shield.admitted_cidrs) == 18
    error_message = "the shield admits the three edge PoPs' egress pools (six addresses each), nobody else"
  }
  assert {
    condition     = alltrue([for p in output.pops : contains(p.node_args, "--tls-listen")]) && toset(module.global_routing.listener_ports) == toset([80, 443])
    error_message = "every PoP serves TLS on its nodes, and the accelerator passes 443 as well as 80"
  }
  assert {
    condition     = alltrue([for p in output.pops : p.node_args[index(p.node_args, "--shield") + 1] == output.shield_url if p.role == "edge"])
    error_message = "every edge gets --shield = the shield PoP's URL"
  }
  assert {
    condition     = !contains(output.pops["cmh1"].node_args, "--shield")
    error_message = "the shield itself has no shield"
  }

  assert {
    condition     = toset([for d in aws_ecr_replication_configuration.edge_image[0].replication_configuration[0].rule[0].destination : d.region]) == toset(["us-east-2", "eu-central-1", "ap-southeast-1"]) && aws_ecr_replication_configuration.edge_image[0].replication_configuration[0].rule[0].repository_filter[0].filter == "cdn/edge-runtime"
    error_message = "the edge image is replicated into every other PoP region, where nodes pull it from"
  }

  assert {
    condition     = output.routed_regions == { iad1 = "us-east-1", fra1 = "eu-central-1", sin1 = "ap-southeast-1" }
    error_message = "the accelerator routes to the three edge PoPs, never to the shield"
  }
  assert {
    condition     = output.edge_hostname == "edge.cdn.example.com"
    error_message = "latency records under edge.DOMAIN"
  }
}

# Each run here instantiates six mocked providers, so only the example's own inputs are checked;
# region names, CIDRs, counts and names are checked in each module's tests.
run "rejects_wrong_number_of_edge_pops" {
  command = plan
  variables {
    edge_pops = [
      { name = "iad1", region = "us-east-1", continent = "NA" },
      { name = "fra1", region = "eu-central-1", continent = "EU" },
    ]
  }
  expect_failures = [var.edge_pops]
}

run "rejects_duplicate_edge_regions" {
  command = plan
  variables {
    edge_pops = [
      { name = "iad1", region = "us-east-1", continent = "NA" },
      { name = "iad2", region = "us-east-1", continent = "NA" },
      { name = "sin1", region = "ap-southeast-1", continent = "AS" },
    ]
  }
  expect_failures = [var.edge_pops]
}

run "rejects_bad_region_name" {
  command = plan
  variables {
    edge_pops = [
      { name = "iad1", region = "us-east-1", continent = "NA" },
      { name = "fra1", region = "frankfurt", continent = "EU" },
      { name = "sin1", region = "ap-southeast-1", continent = "AS" },
    ]
  }
  expect_failures = [var.edge_pops]
}
