# Plan-only tests of the control-plane module against a mocked AWS provider: nothing reaches AWS.

mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks"
}

# Distinct ids per security group, so that rules can be checked to point at the right group.
override_resource {
  target          = aws_security_group.lb
  override_during = plan
  values          = { id = "sg-000000000000000a1" }
}
override_resource {
  target          = aws_security_group.api
  override_during = plan
  values          = { id = "sg-000000000000000a2" }
}
override_resource {
  target          = aws_security_group.portal
  override_during = plan
  values          = { id = "sg-000000000000000a3" }
}
override_resource {
  target          = aws_security_group.db
  override_during = plan
  values          = { id = "sg-000000000000000a4" }
}

variables {
  name            = "cdn"
  api_domain      = "api.cdn.example.com"
  portal_domain   = "portal.cdn.example.com"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
  api_image       = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/platform-api:0.1.0"
  portal_image    = "123456789012.dkr.ecr.us-east-1.amazonaws.com/cdn/portal:0.1.0"
  tags            = { Environment = "test" }
}

run "new_vpc_creates_network_database_and_services" {
  command = plan

  assert {
    condition     = length(aws_vpc.this) == 1 && aws_vpc.this[0].cidr_block == "10.40.0.0/16"
    error_message = "a new VPC from vpc_cidr is expected when vpc_id is null"
  }
  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2
    error_message = "one public and one private subnet per AZ (az_count = 2) are expected"
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 1
    error_message = "a single shared NAT gateway is the default"
  }
  assert {
    condition     = aws_subnet.private[0].cidr_block == "10.40.128.0/20" && aws_subnet.public[1].cidr_block == "10.40.16.0/20"
    error_message = "subnets are /20s: public from the start of the VPC, private from its upper half"
  }
  assert {
    condition     = aws_ecs_service.api.desired_count == 2 && aws_ecs_service.portal.desired_count == 2
    error_message = "two tasks of each service by default"
  }
  assert {
    condition     = output.api_url == "https://api.cdn.example.com" && output.portal_url == "https://portal.cdn.example.com"
    error_message = "URLs are the HTTPS host names"
  }
  assert {
    condition     = length(aws_acm_certificate.this) == 0 && aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "a given certificate is used as is and none is requested"
  }
  assert {
    condition     = aws_db_instance.this.tags["Project"] == "cdn-platform" && aws_lb.this.tags["Environment"] == "test" && aws_ecs_cluster.this.tags["ManagedBy"] == "terraform"
    error_message = "module tags and caller tags reach the resources"
  }
}

run "database_is_encrypted_backed_up_private_and_multi_az" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && !aws_db_instance.this.publicly_accessible
    error_message = "the database must be encrypted and private"
  }
  assert {
    condition     = aws_db_instance.this.multi_az && aws_db_instance.this.backup_retention_period == 7
    error_message = "Multi-AZ with 7 days of backups by default"
  }
  assert {
    condition     = aws_db_instance.this.deletion_protection && aws_db_instance.this.engine == "postgres"
    error_message = "deletion protection on by default"
  }
  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "connections to PostgreSQL must require TLS"
  }
}

run "single_az_database_when_asked" {
  command = plan

  variables {
    db_multi_az              = false
    db_backup_retention_days = 14
  }

  assert {
    condition     = !aws_db_instance.this.multi_az && aws_db_instance.this.backup_retention_period == 14
    error_message = "db_multi_az and db_backup_retention_days must reach the instance"
  }
}

run "load_balancer_is_tls_with_long_idle_timeout" {
  command = plan

  assert {
    condition     = aws_lb.this.idle_timeout >= 120
    error_message = "edges' event streams need an idle timeout of at least 120 s"
  }
  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "the listener must be HTTPS with a TLS 1.2+ policy"
  }
  assert {
    condition     = aws_lb_listener.http_redirect.default_action[0].type == "redirect"
    error_message = "port 80 only redirects to HTTPS"
  }
  assert {
    condition     = aws_lb_target_group.api.port == 8080
    error_message = "platform-api target group: port 8080"
  }
  assert {
    condition     = aws_lb_target_group.portal.health_check[0].path == "/actuator/health" && aws_lb_target_group.portal.port == 8081
    error_message = "portal target group: port 8081, health /actuator/health"
  }
}

run "security_groups_are_least_privilege" {
  command = plan

  assert {
    condition     = aws_vpc_security_group_ingress_rule.db_from_api.from_port == 5432 && aws_vpc_security_group_ingress_rule.db_from_api.referenced_security_group_id == "sg-000000000000000a2" && aws_vpc_security_group_ingress_rule.db_from_api.security_group_id == "sg-000000000000000a4"
    error_message = "PostgreSQL admits 5432 from platform-api's group only"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.api_from_lb.from_port == 8080 && aws_vpc_security_group_ingress_rule.api_from_lb.referenced_security_group_id == "sg-000000000000000a1"
    error_message = "platform-api admits 8080 from the load balancer's group only"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.portal_from_lb.from_port == 8081 && aws_vpc_security_group_ingress_rule.portal_from_lb.referenced_security_group_id == "sg-000000000000000a1"
    error_message = "the portal admits 8081 from the load balancer's group only"
  }
  assert {
    condition     = toset([for r in aws_vpc_security_group_ingress_rule.lb_https : r.from_port]) == toset([443])
    error_message = "clients reach the load balancer on 443"
  }
  assert {
    condition     = aws_vpc_security_group_egress_rule.api_to_db.referenced_security_group_id == "sg-000000000000000a4" && aws_vpc_security_group_egress_rule.api_to_db.to_port == 5432
    error_message = "platform-api may open connections to PostgreSQL"
  }
  assert {
    condition     = length([for r in aws_vpc_security_group_egress_rule.portal_https[*] : r if r.to_port == 5432]) == 0 && aws_db_instance.this.vpc_security_group_ids == toset(["sg-000000000000000a4"])
    error_message = "the portal never reaches the database; the database sits in its own group"
  }
  assert {
    condition     = aws_ecs_service.api.network_configuration[0].assign_public_ip == false && aws_ecs_service.portal.network_configuration[0].assign_public_ip == false
    error_message = "tasks get no public address"
  }
}

run "containers_get_secrets_from_secrets_manager_and_api_url" {
  command = plan

  assert {
    condition     = toset([for s in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].secrets : s.name]) == toset(["CDN_OPERATOR_TOKEN"])
    error_message = "ECS injects only CDN_OPERATOR_TOKEN (the database login is read by platform-api itself, to follow rotations; no fleet-wide edge credential: PoPs have minted tokens of their own)"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_ALLOWED_PRIVATE_ORIGINS"]) == ""
    error_message = "private origin addresses must stay forbidden in production"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.portal.container_definitions)[0].environment : e.value if e.name == "CDN_API_BASE_URL"]) == "https://api.cdn.example.com"
    error_message = "the portal's CDN_API_BASE_URL is the API URL"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.api.container_definitions)[0].image == var.api_image && jsondecode(aws_ecs_task_definition.portal.container_definitions)[0].image == var.portal_image
    error_message = "images come from the variables"
  }
  assert {
    condition     = aws_db_instance.this.password == null
    error_message = "the database password is passed write-only, never as a stored attribute"
  }
}

# RDS refuses plain connections (rds.force_ssl): platform-api must connect with TLS and verify the certificate
# against the RDS CA bundle that the image carries (cdn.db.ssl.* in platform-api's application.properties).
run "api_reaches_the_database_with_verified_tls" {
  command = plan

  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_DB_SSL_MODE"]) == "verify-full"
    error_message = "platform-api connects to PostgreSQL with CDN_DB_SSL_MODE=verify-full"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_DB_SSL_ROOT_CERT"]) == var.db_ca_bundle_path
    error_message = "platform-api verifies the database against the RDS CA bundle in its image (CDN_DB_SSL_ROOT_CERT)"
  }
  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "RDS refuses plain connections"
  }
}

# The load balancer sends requests only to replicas that are ready (Spring's readiness group includes the
# database), and never lets the internet read the actuator (metrics, health details).
run "load_balancer_checks_readiness_and_hides_the_actuator" {
  command = plan

  assert {
    condition     = aws_lb_target_group.api.health_check[0].path == "/actuator/health/readiness"
    error_message = "the API's target group checks readiness (database included), not the liveness-style /actuator/health"
  }
  assert {
    condition = anytrue([for c in aws_lb_listener_rule.actuator_hidden.condition : contains(flatten([for pp in c.path_pattern : pp.values]), "/actuator/*")]) && (
      aws_lb_listener_rule.actuator_hidden.priority < aws_lb_listener_rule.api.priority
    ) && aws_lb_listener_rule.actuator_hidden.action[0].fixed_response[0].status_code == "404"
    error_message = "/actuator/* (Prometheus metrics included) answers 404 through the load balancer, before any host rule"
  }
}

# Turning off deletion protection to destroy must not also throw away the last snapshot of the database.
run "final_snapshot_is_not_tied_to_deletion_protection" {
  command = plan

  variables {
    deletion_protection = false
  }

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && aws_db_instance.this.final_snapshot_identifier != null
    error_message = "a final snapshot is taken even without deletion protection (db_skip_final_snapshot decides)"
  }
}

# Behind the ALB the applications see plain HTTP: they must believe the ALB's X-Forwarded-Proto (and -For), or the
# portal's session cookie goes out without Secure and redirects point at http://.
run "applications_believe_the_load_balancers_forwarded_headers" {
  command = plan

  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.portal.container_definitions)[0].environment : e.value if e.name == "SERVER_FORWARD_HEADERS_STRATEGY"]) == "framework"
    error_message = "the portal honours X-Forwarded-Proto from the ALB (server.forward-headers-strategy=framework), so its cookie is Secure"
  }
}

# The IAM documents' statements, asserted as written (the provider's rendering of them to JSON is mocked).
run "iam_documents_are_least_privilege" {
  command = plan

  assert {
    condition     = length(data.aws_iam_policy_document.read_secrets.statement) == 1 && toset(data.aws_iam_policy_document.read_secrets.statement[0].actions) == toset(["secretsmanager:GetSecretValue"])
    error_message = "the execution role may only read secret values"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.read_secrets.statement[0].resources) == toset([aws_secretsmanager_secret.token["operator-token"].arn]) && !anytrue([for r in data.aws_iam_policy_document.read_secrets.statement[0].resources : strcontains(r, "*")])
    error_message = "the execution role reads exactly the secrets ECS injects, by ARN, no wildcard"
  }
  assert {
    condition     = length(data.aws_iam_policy_document.read_database_login.statement) == 1 && toset(data.aws_iam_policy_document.read_database_login.statement[0].actions) == toset(["secretsmanager:GetSecretValue"]) && toset(data.aws_iam_policy_document.read_database_login.statement[0].resources) == toset([aws_db_instance.this.master_user_secret[0].secret_arn])
    error_message = "platform-api's task role reads exactly the RDS-managed login secret, by ARN, and nothing else"
  }
  assert {
    condition     = aws_iam_role_policy.api_database_login.role == aws_iam_role.task["platform-api"].name
    error_message = "only platform-api's task role (not the portal's) may read the database login"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.ecs_tasks_assume.statement[0].actions) == toset(["sts:AssumeRole"]) && toset(flatten([for p in data.aws_iam_policy_document.ecs_tasks_assume.statement[0].principals : p.identifiers])) == toset(["ecs-tasks.amazonaws.com"])
    error_message = "only ECS tasks assume the control plane's roles"
  }
}

run "existing_vpc_creates_no_network" {
  command = plan

  variables {
    vpc_id             = "vpc-0123456789abcdef0"
    public_subnet_ids  = ["subnet-0000000000000000a", "subnet-0000000000000000b"]
    private_subnet_ids = ["subnet-0000000000000000c", "subnet-0000000000000000d"]
  }

  assert {
    condition     = length(aws_vpc.this) == 0 && length(aws_subnet.public) == 0 && length(aws_nat_gateway.this) == 0
    error_message = "no network resources are created in an existing VPC"
  }
  assert {
    condition     = toset(aws_ecs_service.api.network_configuration[0].subnets) == toset(var.private_subnet_ids) && toset(aws_db_subnet_group.this.subnet_ids) == toset(var.private_subnet_ids)
    error_message = "tasks and database go into the given private subnets"
  }
  assert {
    condition     = toset(aws_lb.this.subnets) == toset(var.public_subnet_ids)
    error_message = "the load balancer goes into the given public subnets"
  }
}

run "certificate_requested_when_only_a_zone_is_given" {
  command = plan

  variables {
    certificate_arn = null
    route53_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 1 && length(aws_route53_record.certificate_validation) == 2
    error_message = "a DNS-validated certificate is requested for both host names"
  }
  assert {
    condition     = length(aws_route53_record.host) == 2
    error_message = "alias records for the API and the portal"
  }
}

# ------------------------------------------------------------------ bad input fails at plan time

run "rejects_bad_vpc_cidr" {
  command = plan
  variables {
    vpc_cidr = "10.40.0.0/33"
  }
  expect_failures = [var.vpc_cidr]
}

run "rejects_too_small_vpc" {
  command = plan
  variables {
    vpc_cidr = "10.40.0.0/28"
  }
  expect_failures = [var.vpc_cidr]
}

run "rejects_bad_ingress_cidr" {
  command = plan
  variables {
    allowed_ingress_cidrs = ["300.1.2.0/24"]
  }
  expect_failures = [var.allowed_ingress_cidrs]
}

run "rejects_bad_name" {
  command = plan
  variables {
    name = "CDN_Prod"
  }
  expect_failures = [var.name]
}

run "rejects_zero_tasks" {
  command = plan
  variables {
    api_count = 0
  }
  expect_failures = [var.api_count]
}

run "rejects_short_idle_timeout" {
  command = plan
  variables {
    lb_idle_timeout = 60
  }
  expect_failures = [var.lb_idle_timeout]
}

run "rejects_no_backups" {
  command = plan
  variables {
    db_backup_retention_days = 0
  }
  expect_failures = [var.db_backup_retention_days]
}

run "rejects_untagged_image" {
  command = plan
  variables {
    api_image = "platform-api"
  }
  expect_failures = [var.api_image]
}

run "rejects_missing_tls" {
  command = plan
  variables {
    certificate_arn = null
  }
  expect_failures = [var.certificate_arn]
}

run "rejects_existing_vpc_without_subnets" {
  command = plan
  variables {
    vpc_id = "vpc-0123456789abcdef0"
  }
  expect_failures = [var.public_subnet_ids, var.private_subnet_ids]
}

# Secrets out of state: RDS keeps the master password in a secret of its own (manage_master_user_password) and rotates
# it; platform-api reads it by ARN (CDN_DB_SECRET_ID), again after each rotation; the URL carries no credential. The operator token
# is generated at apply and written through a write-only argument, so no generated value is in plan or state.
run "no_secret_value_is_in_state" {
  command = plan

  assert {
    condition     = aws_db_instance.this.manage_master_user_password == true && aws_db_instance.this.password == null && aws_db_instance.this.password_wo == null
    error_message = "RDS manages the master password in Secrets Manager: Terraform neither generates nor passes one"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_DB_SECRET_ID"]) == aws_db_instance.this.master_user_secret[0].secret_arn && length([for s in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].secrets : s if startswith(s.name, "CDN_DB_")]) == 0
    error_message = "platform-api reads the database login from the RDS-managed secret by its ARN (CDN_DB_SECRET_ID), not from values ECS injected once at start"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_DB_URL"]) == "postgresql://${aws_db_instance.this.address}:5432/cdn"
    error_message = "CDN_DB_URL names host, port and database only: no credential"
  }
  assert {
    condition     = alltrue([for v in aws_secretsmanager_secret_version.token : v.secret_string == null && v.secret_string_wo == null && v.secret_string_wo_version == 1])
    error_message = "the operator token is written through the write-only argument (never readable from plan or state), at version 1"
  }
  assert {
    condition = !anytrue([for f in fileset(path.module, "*.tf") : can(regex("(data|resource)\\s+\"(aws_secretsmanager_random_password|random_password)\"", file("${path.module}/${f}")))]) && !anytrue([
    for f in fileset(path.module, "*.tf") : can(regex("(?m)^\\s*secret_string\\s*=", file("${path.module}/${f}")))])
    error_message = "no random_password resource or data source (their results live in state) and no plain secret_string argument remain"
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.read_secrets.statement[0].resources) == toset([aws_secretsmanager_secret.token["operator-token"].arn])
    error_message = "the execution role reads exactly the operator token, by ARN"
  }
}

run "load_balancer_writes_access_logs" {
  command = plan

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].prefix == "cdn-cp"
    error_message = "the ALB's access logs are on, into the region's access-log bucket (modules/access-logs)"
  }
}

# Tenant HTTPS needs the control plane's side too: the operator key that seals certificate keys (from a secret the
# operator made) and an ACME directory.
run "certificates_get_their_operator_key_and_acme_directory" {
  command = plan
  variables {
    certs_encryption_key_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:cdn/certs-key-AbCdEf"
    acme_directory_url              = "https://acme-v02.api.letsencrypt.org/directory"
  }

  assert {
    condition     = one([for s in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].secrets : s.valueFrom if s.name == "CDN_CERTS_ENCRYPTION_KEY"]) == var.certs_encryption_key_secret_arn && contains(data.aws_iam_policy_document.read_secrets.statement[0].resources, var.certs_encryption_key_secret_arn)
    error_message = "platform-api gets CDN_CERTS_ENCRYPTION_KEY from the operator's secret, which the execution role may read"
  }
  assert {
    condition     = one([for e in jsondecode(aws_ecs_task_definition.api.container_definitions)[0].environment : e.value if e.name == "CDN_CERTS_ACME_DIRECTORY_URL"]) == var.acme_directory_url
    error_message = "platform-api orders certificates from the ACME directory given"
  }
}
