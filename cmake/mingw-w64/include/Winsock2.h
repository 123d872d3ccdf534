/*
 * Winsock2.h
 *
 * POCO includes <Winsock2.h>; MinGW-w64 ships it as winsock2.h.
 */
#pragma once
#include <winsock2.h>
