# Plan-only tests of the shield topology handed to platform-api (CDN_TOPOLOGY_BOOTSTRAP): nothing reaches AWS.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_availability_zones" {
    defaults = { names = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/mock-AbCdEf" }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      address            = "cdn-cp.abcdefghijkl.us-east-1.rds.amazonaws.com"
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123-AbCdEf", kms_key_id = null, secret_status = "active" }]
    }
  }
}

variables {
  name            = "cdn"
  api_domain      = "api.cdn.example.com"
  portal_domain   = "portal.cdn.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  api_image       = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/platform-api:0.1.0"
  portal_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/portal:0.1.0"
}

run "without_a_topology_the_api_owns_it" {
  command = plan

  assert {
    condition     = length([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e if e.name == "CDN_TOPOLOGY_BOOTSTRAP"]) == 0
    error_message = "no CDN_TOPOLOGY_BOOTSTRAP is expected when shield_topology is null"
  }
}

run "the_topology_is_rendered_as_the_api_document" {
  command = plan

  variables {
    shield_topology = [
      {
        name    = "eu-central-1"
        shields = [{ name = "shield-fra", url = "https://shield-fra.example.net" }]
        pops    = ["fra", "lhr"]
      },
      {
        name    = "us-east-1"
        shields = [{ name = "shield-iad", url = "http://10.1.1.10:8080" }]
        pops    = ["iad"]
      },
    ]
  }

  assert {
    condition = jsondecode(one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_TOPOLOGY_BOOTSTRAP"])) == {
      regions = [
        { name = "eu-central-1", shields = [{ name = "shield-fra", url = "https://shield-fra.example.net" }], pops = ["fra", "lhr"] },
        { name = "us-east-1", shields = [{ name = "shield-iad", url = "http://10.1.1.10:8080" }], pops = ["iad"] },
      ]
    }
    error_message = "CDN_TOPOLOGY_BOOTSTRAP must hold the topology as PUT /v1/topology takes it, regions in order"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_ALLOWED_PRIVATE_ORIGINS"]) == ""
    error_message = "the topology is added to the environment, not in place of it"
  }
}

run "a_pop_in_two_regions_is_refused" {
  command = plan

  variables {
    shield_topology = [
      { name = "eu", shields = [{ name = "a", url = "http://a.example" }], pops = ["fra"] },
      { name = "us", shields = [{ name = "b", url = "http://b.example" }], pops = ["fra"] },
    ]
  }
  expect_failures = [var.shield_topology]
}

run "a_bad_region_or_url_is_refused" {
  command = plan

  variables {
    shield_topology = [{ name = "EU", shields = [{ name = "a", url = "ftp://a.example" }], pops = [] }]
  }
  expect_failures = [var.shield_topology]
}
