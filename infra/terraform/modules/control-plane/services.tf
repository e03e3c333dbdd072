# platform-api and portal as ECS Fargate services in the private subnets. Secrets reach the containers as
# environment variables injected by ECS from Secrets Manager; only the execution role may read them.

resource "aws_ecs_cluster" "this" {
  name = "${var.name}-control-plane"
  tags = local.tags

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "service" {
  for_each = toset(["platform-api", "portal"])

  name              = "/${var.name}/control-plane/${each.key}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

# ------------------------------------------------------------------ IAM

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# The execution role pulls images, writes logs and reads exactly the secrets the containers get.
resource "aws_iam_role" "execution" {
  name               = "${var.name}-cp-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.tags
}

resource "aws_iam_role_policy_attachment" "execution_managed" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    sid     = "ReadControlPlaneSecrets"
    actions = ["secretsmanager:GetSecretValue"]
    resources = concat([
      aws_secretsmanager_secret.token["operator-token"].arn,
    ], var.certs_encryption_key_secret_arn == null ? [] : [var.certs_encryption_key_secret_arn])
  }

  # The operator token's secret is encrypted with the same key as the database's (secrets.tf).
  dynamic "statement" {
    for_each = var.db_kms_key_arn == null ? [] : [var.db_kms_key_arn]
    content {
      sid       = "DecryptSecrets"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "read-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

# The portal calls no AWS API: its task role carries no policy. platform-api reads one secret itself: the database
# login RDS manages and rotates (every 7 days), read again at each rotation without a restart (docs/deploy.md).
resource "aws_iam_role" "task" {
  for_each = toset(["platform-api", "portal"])

  name               = "${var.name}-cp-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = local.tags
}

data "aws_iam_policy_document" "read_database_login" {
  statement {
    sid       = "ReadDatabaseLogin"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_db_instance.this.master_user_secret[0].secret_arn]
  }

  dynamic "statement" {
    for_each = var.db_kms_key_arn == null ? [] : [var.db_kms_key_arn]
    content {
      sid       = "DecryptDatabaseLogin"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "api_database_login" {
  name   = "read-database-login"
  role   = aws_iam_role.task["platform-api"].name
  policy = data.aws_iam_policy_document.read_database_login.json
}

# ------------------------------------------------------------------ task definitions

locals {
  log_configuration = {
    for svc in ["platform-api", "portal"] : svc => {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.service[svc].name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = svc
      }
    }
  }

  api_container = {
    name         = "platform-api"
    image        = var.api_image
    essential    = true
    portMappings = [{ containerPort = local.api_port, protocol = "tcp" }]
    environment = concat([
      { name = "SERVER_PORT", value = tostring(local.api_port) },
      # Never let tenants point origins at private addresses from inside our network.
      { name = "CDN_ALLOWED_PRIVATE_ORIGINS", value = "" },
      # RDS refuses plain connections (rds.force_ssl): TLS for R2DBC and Flyway, the certificate checked against
      # the RDS CA bundle baked into the image and its name against the endpoint's (sslmode verify-full).
      { name = "CDN_DB_SSL_MODE", value = "verify-full" },
      { name = "CDN_DB_SSL_ROOT_CERT", value = var.db_ca_bundle_path },
      # Host, port and database only: platform-api reads the login from the secret RDS manages and rotates, at start,
      # every minute and whenever PostgreSQL refuses a new connection (the task role may read that one secret).
      { name = "CDN_DB_URL", value = "postgresql://${aws_db_instance.this.address}:${local.db_port}/${local.db_name}" },
      { name = "CDN_DB_SECRET_ID", value = aws_db_instance.this.master_user_secret[0].secret_arn },
      # ACME (RFC 8555) for tenants' verified domains, when a directory is given; HTTP-01 is answered by the edges.
      { name = "CDN_CERTS_ACME_DIRECTORY_URL", value = var.acme_directory_url == null ? "" : var.acme_directory_url },
    ], local.topology_environment)
    # Tenants' certificates (docs/certificates.md): the operator key that seals their private keys, when given.
    secrets = concat(var.certs_encryption_key_secret_arn == null ? [] : [
      { name = "CDN_CERTS_ENCRYPTION_KEY", valueFrom = var.certs_encryption_key_secret_arn },
      ], [
      { name = "CDN_OPERATOR_TOKEN", valueFrom = aws_secretsmanager_secret.token["operator-token"].arn },
    ])
    readonlyRootFilesystem = false
    logConfiguration       = local.log_configuration["platform-api"]
  }

  portal_container = {
    name         = "portal"
    image        = var.portal_image
    essential    = true
    portMappings = [{ containerPort = local.portal_port, protocol = "tcp" }]
    environment = [
      { name = "SERVER_PORT", value = tostring(local.portal_port) },
      { name = "CDN_API_BASE_URL", value = local.api_url },
      # Behind the ALB the portal sees plain HTTP: it believes the ALB's X-Forwarded-Proto/-For (only the ALB can
      # reach it: security.tf), so its session cookie is Secure and its redirects stay on https.
      { name = "SERVER_FORWARD_HEADERS_STRATEGY", value = "framework" },
    ]
    secrets                = []
    readonlyRootFilesystem = false
    logConfiguration       = local.log_configuration["portal"]
  }
}

resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-platform-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.api_cpu
  memory                   = var.api_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["platform-api"].arn
  container_definitions    = jsonencode([local.api_container])
  tags                     = local.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}

resource "aws_ecs_task_definition" "portal" {
  family                   = "${var.name}-portal"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.portal_cpu
  memory                   = var.portal_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["portal"].arn
  container_definitions    = jsonencode([local.portal_container])
  tags                     = local.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}

# ------------------------------------------------------------------ services

resource "aws_ecs_service" "api" {
  name                              = "platform-api"
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.api.arn
  desired_count                     = var.api_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 120
  propagate_tags                    = "SERVICE"
  tags                              = local.tags

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.api.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "platform-api"
    container_port   = local.api_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Autoscaling owns the count after creation.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener_rule.api, aws_secretsmanager_secret_version.token]
}

resource "aws_ecs_service" "portal" {
  name                              = "portal"
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.portal.arn
  desired_count                     = var.portal_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = 120
  propagate_tags                    = "SERVICE"
  tags                              = local.tags

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.portal.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.portal.arn
    container_name   = "portal"
    container_port   = local.portal_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  depends_on = [aws_lb_listener_rule.portal]
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.api.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.api_count
  max_capacity       = var.api_max_count
  tags               = local.tags
}

resource "aws_appautoscaling_policy" "api_cpu" {
  name               = "${var.name}-platform-api-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  resource_id        = aws_appautoscaling_target.api.resource_id
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
