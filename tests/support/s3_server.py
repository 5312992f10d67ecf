"""A throwaway S3-compatible server on a loopback port (moto's ThreadedMotoServer), for the
object-storage tests: the portal talks to it with the real boto3 client over HTTP, configured
only by boto3's standard variables, as it would talk to MinIO or a cloud bucket."""

import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from tests.support.smtp_server import free_port

REGION = "eu-north-1"


@dataclass
class S3Server:
    endpoint: str
    bucket: str

    def environment(self, prefix: str = "uploads") -> dict[str, str]:
        """What an operator sets: the storage URL and boto3's own variables."""
        return {
            "UPLOAD_STORAGE_URL": f"s3://{self.bucket}/{prefix}",
            "AWS_ENDPOINT_URL_S3": self.endpoint,
            "AWS_ACCESS_KEY_ID": "test-access-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret-key",
            "AWS_DEFAULT_REGION": REGION,
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="test-access-key",
            aws_secret_access_key="test-secret-key",
        )

    def object_keys(self) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()


@contextmanager
def s3_server():
    """Yield an S3Server with an empty bucket; stopped afterwards."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        # moto keeps its buckets per process, not per server: each server gets a bucket of its own.
        s3 = S3Server(f"http://127.0.0.1:{port}", f"borgerportal-test-{secrets.token_hex(4)}")
        s3.client().create_bucket(Bucket=s3.bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield s3
    finally:
        server.stop()
