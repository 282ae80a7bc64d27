/**
 * The Auth Tokens page and its JSON API: {@link dev.patauth.admin.TokenAdminServlet}, mapped
 * behind the app's own login, where people create, list and revoke their tokens, where
 * administrators see and revoke everyone's, and where anyone may report a leaked one. It uses
 * the webapp's one {@link dev.patauth.PatAuth}.
 */
package dev.patauth.admin;
