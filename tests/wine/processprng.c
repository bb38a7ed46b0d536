/* TEST-ONLY stand-in for bcryptprimitives.dll, never shipped. Rust's standard library takes
 * its random bytes from ProcessPrng, which every Windows 10 and 11 has and Wine 8.0 lacks
 * (the exe stops with c0000135 before main). scripts/test-windows.sh builds this with MinGW
 * and copies it into the throwaway Wine prefix's system32 only. */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
