/*
 * Every call into OpenSSL. OpenSSL's "1 means success" stops here; the
 * rest of lib/ sees acc_code values.
 */
#include <assert.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <accord/crypto.h>

void
acc_sha256(uint8_t out[ACC_SHA256_LEN], const void *data, size_t len)
{
	unsigned int n = 0;
	int ok = EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);

	assert(ok == 1 && n == ACC_SHA256_LEN);
	(void)ok;
}

void
acc_hex_encode(char *out, const uint8_t *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[data[i] >> 4];
		out[2 * i + 1] = hex[data[i] & 15];
	}
	out[2 * len] = '\0';
}
