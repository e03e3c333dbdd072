terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }

  # State is remote: an encrypted, versioned S3 bucket with S3-native locking. State holds sensitive values (see
  # docs/deploy.md#security-notes), so it never lives on a laptop. The bucket, key and region come from a file of
  # your own at init time (partial configuration): cp backend.hcl.example backend.hcl, edit it, then
  #   terraform init -backend-config=backend.hcl
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}
