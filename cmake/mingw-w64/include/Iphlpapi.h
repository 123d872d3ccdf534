/*
 * Iphlpapi.h
 *
 * POCO includes <Iphlpapi.h>; MinGW-w64 ships it as iphlpapi.h. Through
 * wincrypt.h that header defines TIMESTAMP_REQUEST as a macro, which breaks
 * the enumerator of the same name in POCO's ICMPv4PacketImpl.h.
 */
#pragma once
#include <iphlpapi.h>
#undef TIMESTAMP_REQUEST
