// File: all.h
// The whole C++ API. The C++ API is source-compatible only (abseil makes no
// ABI promise); link the C library for a stable ABI.
#ifndef TRAILHUNT_ALL_H_
#define TRAILHUNT_ALL_H_

#include "trailhunt/catalog.h"
#include "trailhunt/correlate.h"
#include "trailhunt/engine.h"
#include "trailhunt/event.h"
#include "trailhunt/filterpattern.h"
#include "trailhunt/hunt.h"
#include "trailhunt/input.h"
#include "trailhunt/limits.h"
#include "trailhunt/match.h"
#include "trailhunt/packs.h"
#include "trailhunt/path.h"
#include "trailhunt/posture.h"
#include "trailhunt/projection.h"
#include "trailhunt/query.h"
#include "trailhunt/sigma.h"
#include "trailhunt/spl.h"
#include "trailhunt/time.h"
#include "trailhunt/value.h"
#include "trailhunt/version.h"

#endif  // TRAILHUNT_ALL_H_
