/*
 * accord: software for verifying arms-control treaties. This header
 * includes every public module.
 */
#ifndef ACCORD_ACCORD_H
#define ACCORD_ACCORD_H

#include <accord/api.h>
#include <accord/buf.h>
#include <accord/compliance.h>
#include <accord/crypto.h>
#include <accord/dashboard.h>
#include <accord/date.h>
#include <accord/declaration.h>
#include <accord/err.h>
#include <accord/inventory.h>
#include <accord/keys.h>
#include <accord/log.h>
#include <accord/negotiate.h>
#include <accord/odds.h>
#include <accord/tls.h>
#include <accord/treaty.h>
#include <accord/witness.h>
#include <accord/workspace.h>

#define ACCORD_VERSION "0.1.0"

#endif
